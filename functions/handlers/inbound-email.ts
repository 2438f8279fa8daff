import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { receiveRawEmail } from '../engine/replies/inbound-mime';
import { engineHandler } from '../wiring/aws-runtime';

const s3 = new S3Client({});

/** SES receipt rule → raw MIME kept in S3 → this function, one object per email. */
export const handler = engineHandler(
  async (deps, event: { Records: { s3: { bucket: { name: string }; object: { key: string } } }[] }) => {
    for (const { s3: record } of event.Records) {
      const key = decodeURIComponent(record.object.key.replace(/\+/g, ' '));
      const object = await s3.send(new GetObjectCommand({ Bucket: record.bucket.name, Key: key }));
      const raw = Buffer.from(await object.Body!.transformToByteArray());
      // The key goes on the reply, so erasing the customer deletes the stored MIME too.
      const outcome = await receiveRawEmail(deps, raw, { rawMailKey: key });
      deps.log('inbound.email', { key, status: outcome.status });
    }
  },
);
