import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { MailArchive } from './index';

/** Where SES stores each received email in the inbound mail bucket (infra/inbound-mail.ts). */
export const RAW_MAIL_PREFIX = 'inbound/';

/** DeleteObjects takes at most 1,000 keys a request. */
const DELETE_LIMIT = 1000;

/**
 * MailArchive on the inbound mail bucket: the raw MIME SES stored for each of
 * the customer's emails, by the keys their replies recorded, deleted in
 * batches. A key outside the prefix SES writes to is refused: nothing else in
 * the bucket is the engine's to delete.
 */
export class S3MailArchive implements MailArchive {
  constructor(
    private readonly s3: S3Client,
    private readonly options: { bucket: string; prefix: string },
  ) {}

  async erase(customer: { customerId: string; rawMailKeys: readonly string[] }): Promise<number> {
    const keys = [...new Set(customer.rawMailKeys)];
    const outside = keys.find((key) => !key.startsWith(this.options.prefix));
    if (outside !== undefined) throw new Error(`raw mail key outside ${this.options.prefix}: ${outside}`);
    for (let i = 0; i < keys.length; i += DELETE_LIMIT) {
      const { Errors = [] } = await this.s3.send(
        new DeleteObjectsCommand({
          Bucket: this.options.bucket,
          Delete: { Objects: keys.slice(i, i + DELETE_LIMIT).map((Key) => ({ Key })), Quiet: true },
        }),
      );
      if (Errors.length > 0) {
        const first = Errors[0]!;
        throw new Error(
          `S3 kept ${Errors.length} raw mail object(s): ${first.Code} ${first.Message ?? ''}`.trim(),
        );
      }
    }
    return keys.length;
  }
}
