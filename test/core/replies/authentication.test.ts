import { describe, expect, it } from 'vitest';
import {
  failsAuthentication,
  isFiledSender,
  readVerdicts,
} from '../../../functions/core/replies/authentication';

const results = (value: string) => ({ 'authentication-results': value });

describe('failsAuthentication', () => {
  it('fails a spam or virus FAIL, a DMARC fail, or SPF failing with no passing DKIM', () => {
    expect(failsAuthentication({ 'x-ses-spam-verdict': 'FAIL' })).toBe(true);
    expect(failsAuthentication({ 'X-SES-Virus-Verdict': 'FAIL' })).toBe(true);
    expect(failsAuthentication(results('amazonses.com; spf=pass; dkim=pass; dmarc=fail'))).toBe(true);
    expect(failsAuthentication(results('amazonses.com; spf=fail; dkim=fail; dmarc=none'))).toBe(true);
    expect(failsAuthentication(results('amazonses.com; spf=softfail; dkim=none'))).toBe(true);
  });

  it('passes PASS and GRAY verdicts, one of SPF and DKIM passing, and a message without verdicts', () => {
    expect(failsAuthentication({ 'x-ses-spam-verdict': 'GRAY', 'x-ses-virus-verdict': 'PASS' })).toBe(false);
    expect(failsAuthentication(results('amazonses.com; spf=fail; dkim=pass; dmarc=pass'))).toBe(false);
    expect(failsAuthentication(results('amazonses.com; spf=pass; dkim=fail; dmarc=none'))).toBe(false);
    expect(failsAuthentication({})).toBe(false);
    expect(failsAuthentication(undefined)).toBe(false);
  });

  it('a PASS the sender wrote below SES’s FAIL does not hide it', () => {
    expect(failsAuthentication({ 'x-ses-spam-verdict': 'FAIL\nPASS' })).toBe(true);
    expect(
      failsAuthentication(
        results('amazonses.com; spf=fail; dkim=fail; dmarc=fail\nevil.example; dmarc=pass'),
      ),
    ).toBe(true);
  });

  it('reads no results out of comments', () => {
    const v = readVerdicts(
      results('amazonses.com; spf=fail (forged: dkim=pass here) client-ip=203.0.113.9; dkim=none'),
    );
    expect(v).toMatchObject({ spf: ['fail'], dkim: ['none'], dmarc: [] });
  });
});

describe('isFiledSender', () => {
  it('compares the From with the address on file, normalised', () => {
    expect(isFiledSender('王芳 <Wang.Fang@Example.com>', ' wang.fang@example.com')).toBe(true);
    expect(isFiledSender('chen.jing@example.com', 'wang.fang@example.com')).toBe(false);
    expect(isFiledSender('wang.fang@example.com', undefined)).toBe(false);
    expect(isFiledSender('', '')).toBe(false);
  });
});
