import { DeleteObjectsCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { RAW_MAIL_PREFIX, S3MailArchive } from '../../../functions/ports/mail-archive/s3';

describe('S3MailArchive', () => {
  const s3 = mockClient(S3Client);
  const archive = new S3MailArchive(
    { bucket: 'nurture-inbound-mail', prefix: RAW_MAIL_PREFIX },
    { region: 'us-east-1' },
  );
  beforeEach(() => {
    s3.reset();
    s3.on(DeleteObjectsCommand).resolves({});
  });
  afterAll(() => s3.restore());

  it('deletes the raw emails by their keys, once each, quietly, in batches of 1,000', async () => {
    const keys = Array.from({ length: 1001 }, (_, i) => `inbound/${String(i).padStart(4, '0')}`);
    expect(await archive.erase({ customerId: 'c-1', rawMailKeys: [...keys, keys[0]!] })).toBe(1001);
    expect(s3.commandCalls(DeleteObjectsCommand).map((call) => call.args[0].input)).toEqual([
      {
        Bucket: 'nurture-inbound-mail',
        Delete: { Objects: keys.slice(0, 1000).map((Key) => ({ Key })), Quiet: true },
      },
      { Bucket: 'nurture-inbound-mail', Delete: { Objects: [{ Key: keys[1000] }], Quiet: true } },
    ]);
  });

  it('asks nothing of S3 when there is nothing to delete', async () => {
    expect(await archive.erase({ customerId: 'c-1', rawMailKeys: [] })).toBe(0);
    expect(s3.commandCalls(DeleteObjectsCommand)).toEqual([]);
  });

  it('fails when S3 kept an object, and touches nothing outside where SES writes', async () => {
    s3.on(DeleteObjectsCommand).resolves({
      Errors: [{ Key: 'inbound/a', Code: 'AccessDenied', Message: 'Access Denied' }],
    });
    await expect(archive.erase({ customerId: 'c-1', rawMailKeys: ['inbound/a'] })).rejects.toThrow(
      /S3 kept 1 raw mail object\(s\): AccessDenied Access Denied/,
    );
    s3.resetHistory();
    await expect(archive.erase({ customerId: 'c-1', rawMailKeys: ['inbound/a', 'other/b'] })).rejects.toThrow(
      /outside inbound\//,
    );
    expect(s3.commandCalls(DeleteObjectsCommand)).toEqual([]);
  });
});
