import { describe, expect, it } from 'vitest';
import { parseInboundEmail } from '../../../functions/engine/replies/inbound-mime';

describe('parseInboundEmail: receipt verdicts', () => {
  it('keeps every occurrence of the SES verdict headers, folded lines unfolded', async () => {
    const raw = [
      'X-SES-Spam-Verdict: FAIL',
      'X-SES-Virus-Verdict: PASS',
      'Authentication-Results: amazonses.com;',
      ' spf=fail (spfCheck: not designated) client-ip=203.0.113.9;',
      '\tdkim=none; dmarc=fail header.from=example.com;',
      'X-SES-Spam-Verdict: PASS',
      'From: wang.fang@example.com',
      'To: reply+0123456789abcdef0123-89abcdef01234567@reply.shop.example',
      'Subject: hi',
      '',
      '退订',
      '',
    ].join('\r\n');
    const email = await parseInboundEmail(Buffer.from(raw, 'utf8'));
    expect(email.headers).toMatchObject({
      'x-ses-spam-verdict': 'FAIL\nPASS',
      'x-ses-virus-verdict': 'PASS',
      'authentication-results':
        'amazonses.com; spf=fail (spfCheck: not designated) client-ip=203.0.113.9; dkim=none; dmarc=fail header.from=example.com;',
    });
  });
});
