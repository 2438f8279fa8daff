import type { DeleteObjectsCommand, S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { MailArchive } from './index';

/** Where SES stores each received email in the inbound mail bucket (infra/inbound-mail.ts). */
export const RAW_MAIL_PREFIX = 'inbound/';

/** DeleteObjects takes at most 1,000 keys a request. */
const DELETE_LIMIT = 1000;

/**
 * MailArchive on the inbound mail bucket: the raw MIME SES stored for each of
 * the customer's emails, by the keys their replies recorded, deleted in
 * batches. A key outside the prefix SES writes to is refused: nothing else in
 * the bucket is the engine's to delete. The S3 client is imported on the first
 * erasure: the API, whose cold start every console user waits on, deletes raw
 * mail only when a customer is erased, so its bundle keeps the client's 150 KB
 * in a chunk of its own (infra/lambda-bundling.ts).
 */
export class S3MailArchive implements MailArchive {
  private client?: Promise<{ s3: S3Client; DeleteObjects: typeof DeleteObjectsCommand }>;

  constructor(
    private readonly options: { bucket: string; prefix: string },
    private readonly clientConfig: S3ClientConfig = {},
  ) {}

  private sdk(): Promise<{ s3: S3Client; DeleteObjects: typeof DeleteObjectsCommand }> {
    this.client ??= import('@aws-sdk/client-s3').then(({ S3Client, DeleteObjectsCommand }) => ({
      s3: new S3Client(this.clientConfig),
      DeleteObjects: DeleteObjectsCommand,
    }));
    // A failed import is not remembered: the next erasure tries again.
    this.client.catch(() => {
      this.client = undefined;
    });
    return this.client;
  }

  async erase(customer: { customerId: string; rawMailKeys: readonly string[] }): Promise<number> {
    const keys = [...new Set(customer.rawMailKeys)];
    const outside = keys.find((key) => !key.startsWith(this.options.prefix));
    if (outside !== undefined) throw new Error(`raw mail key outside ${this.options.prefix}: ${outside}`);
    if (keys.length === 0) return 0;
    const { s3, DeleteObjects } = await this.sdk();
    for (let i = 0; i < keys.length; i += DELETE_LIMIT) {
      const { Errors = [] } = await s3.send(
        new DeleteObjects({
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
