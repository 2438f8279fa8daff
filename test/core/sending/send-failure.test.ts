import { MessageRejected } from '@aws-sdk/client-ses';
import { ThrottledException as SnsThrottled } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import {
  classifySendError,
  DEFAULT_RETRY_POLICY,
  retryDelaySeconds,
  spreadOf,
} from '../../../functions/core/sending/send-failure';

/** An error as the SDK throws it: its name is the service's error code. */
function awsError(name: string, message: string, httpStatusCode?: number): Error {
  const error = new Error(message) as Error & { $metadata: { httpStatusCode?: number } };
  error.name = name;
  error.$metadata = httpStatusCode === undefined ? {} : { httpStatusCode };
  return error;
}

describe('classifySendError', () => {
  it.each([
    ['SES per-second rate', awsError('Throttling', 'Maximum sending rate exceeded.', 400)],
    ['SES daily quota', awsError('Throttling', 'Daily message quota exceeded.', 400)],
    ['SES v2 throttling', awsError('ThrottlingException', 'Rate exceeded', 400)],
    ['SES rate as its own code', awsError('MaxSendingRateExceeded', 'Maximum sending rate exceeded.', 400)],
    [
      'SES account paused',
      awsError('AccountSendingPausedException', 'Sending paused for this account.', 400),
    ],
    ['SNS throttled', awsError('Throttled', 'Rate exceeded', 400)],
    [
      'SNS throttled (SDK class)',
      new SnsThrottled({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }),
    ],
    ['a 429 by any name', awsError('SlowDown', 'Please reduce your request rate.', 429)],
    ['a 503', awsError('ServiceUnavailable', 'Service is unavailable.', 503)],
    ['a 500 by another name', awsError('InternalError', 'We encountered an internal error.', 500)],
    ['a reset socket', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['an SDK timeout', awsError('TimeoutError', 'Connection timed out after 1000 ms')],
    ['an error of unknown origin', new TypeError('fetch failed')],
  ])('retries %s', (_what, error) => {
    expect(classifySendError(error).retryable).toBe(true);
  });

  it.each([
    [
      'SES rejected the message',
      new MessageRejected({ message: 'Email address is not verified.', $metadata: { httpStatusCode: 400 } }),
    ],
    ['an invalid parameter', awsError('InvalidParameterValue', 'Missing final @domain', 400)],
    ['an unverified MAIL FROM domain', awsError('MailFromDomainNotVerifiedException', 'not verified', 400)],
    [
      'an SNS invalid parameter',
      awsError('InvalidParameterException', 'Invalid parameter: PhoneNumber', 400),
    ],
    ['an opted-out number', awsError('OptedOutException', 'Phone number is opted out', 400)],
    ['missing permissions', awsError('AccessDenied', 'not authorized to perform ses:SendRawEmail', 403)],
  ])('does not retry %s', (_what, error) => {
    expect(classifySendError(error).retryable).toBe(false);
  });

  it('gives the reason as `name: message`, a plain Error by its message, cut for the timeline', () => {
    expect(classifySendError(awsError('Throttling', 'Maximum sending rate exceeded.', 400))).toEqual({
      retryable: true,
      reason: 'Throttling: Maximum sending rate exceeded.',
    });
    expect(classifySendError(new Error('SES accepted the email but returned no MessageId')).reason).toBe(
      'SES accepted the email but returned no MessageId',
    );
    expect(classifySendError(awsError('Throttling', '', 400)).reason).toBe('Throttling');
    expect(classifySendError('a string').reason).toBe('a string');
    expect(classifySendError(awsError('MessageRejected', 'x'.repeat(2000), 400)).reason).toHaveLength(500);
  });
});

describe('retryDelaySeconds', () => {
  it('doubles from 15 s with each try, up to 15 minutes, unspread at 0.5', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 12].map((n) => retryDelaySeconds(n, 0.5))).toEqual([
      15, 30, 60, 120, 240, 480, 900, 900, 900,
    ]);
  });

  it('spreads each wait by ±25%', () => {
    expect(retryDelaySeconds(3, 0)).toBe(45);
    expect(retryDelaySeconds(3, 0.999999)).toBe(75);
    expect(retryDelaySeconds(7, 0)).toBe(675);
  });

  it('treats a missing or odd receive count as the first try and stays within SQS limits', () => {
    expect(retryDelaySeconds(0, 0.5)).toBe(15);
    expect(retryDelaySeconds(Number.NaN, 0.5)).toBe(15);
    expect(retryDelaySeconds(5000, 0.5, { baseSeconds: 60, maxSeconds: 100_000 })).toBe(43_200);
    expect(retryDelaySeconds(1, 0, { baseSeconds: 1, maxSeconds: 1 })).toBe(1);
    expect(DEFAULT_RETRY_POLICY).toEqual({ baseSeconds: 15, maxSeconds: 900 });
  });
});

describe('spreadOf', () => {
  it('is stable per id, within [0, 1), and spreads ids apart', () => {
    const ids = Array.from(
      { length: 1000 },
      (_, i) => `059f36b4-87a3-44ab-83d2-${String(i).padStart(12, '0')}`,
    );
    const spreads = ids.map(spreadOf);
    expect(spreads.every((s) => s >= 0 && s < 1)).toBe(true);
    expect(spreadOf(ids[0]!)).toBe(spreads[0]);
    // Roughly even: each tenth of the range holds between 5% and 15% of the ids.
    for (let tenth = 0; tenth < 10; tenth++) {
      const share = spreads.filter((s) => Math.floor(s * 10) === tenth).length / ids.length;
      expect(share, `tenth ${tenth}`).toBeGreaterThan(0.05);
      expect(share, `tenth ${tenth}`).toBeLessThan(0.15);
    }
  });
});
