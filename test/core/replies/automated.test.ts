import { describe, expect, it } from 'vitest';
import { readAutomated } from '../../../functions/core/replies/automated';
import { classifyReply } from '../../../functions/core/replies/classify';

describe('readAutomated: machines are not people', () => {
  it('a DSN by its structure (RFC 3464): permanent or transient, and the failed address', () => {
    const contentType = 'multipart/report; report-type=delivery-status';
    expect(
      readAutomated({
        text: '',
        contentType,
        report: 'Final-Recipient: rfc822; a@example.org\nAction: failed\nStatus: 5.1.1',
      }),
    ).toEqual({ kind: 'bounce', permanent: true, recipient: 'a@example.org' });
    expect(
      readAutomated({
        text: '',
        contentType,
        report: 'Final-Recipient: rfc822;b@example.org\nAction: delayed\nStatus: 4.4.7',
      }),
    ).toEqual({ kind: 'bounce', permanent: false, delayed: true, recipient: 'b@example.org' });
  });

  it('an abuse report by its structure (RFC 5965), with the complaining address', () => {
    expect(
      readAutomated({
        text: 'This is an email abuse report',
        contentType: 'multipart/report; report-type=feedback-report',
        report: 'Feedback-Type: abuse\nOriginal-Rcpt-To: c@example.com',
      }),
    ).toEqual({ kind: 'abuse-report', recipient: 'c@example.com' });
  });

  it.each<[string, { subject?: string; text: string; from?: string; returnPath?: string }]>([
    [
      'qmail',
      { text: 'Hi. This is the qmail-send program at mx.example.jp.\n<x@example.jp>:\nuser unknown' },
    ],
    ['MAILER-DAEMON', { from: 'MAILER-DAEMON@mx.example.com', subject: 'failure notice', text: 'Sorry.' }],
    [
      'Undeliverable',
      { subject: 'Undeliverable: Your order', text: 'Delivery has failed to these recipients' },
    ],
    ['Gmail', { subject: 'Delivery Status Notification (Failure)', text: 'Address not found' }],
    ['Exim', { subject: 'Mail delivery failed: returning message to sender', text: 'x' }],
    ['Returned mail', { subject: 'Returned mail: see transcript for details', text: 'x' }],
  ])('a bounce by its shape: %s', (_name, content) => {
    expect(readAutomated(content)?.kind).toBe('bounce');
    expect(classifyReply(content)).toBe('bounce');
  });

  it.each([
    '自动回复: 您好',
    '自动答复: 您好',
    '自動回覆：您好',
    '自動応答: こんにちは',
    '부재중 자동 응답',
    'Automatic reply: Hello',
    'Out of Office: Hello',
    'Abwesenheitsnotiz: Hallo',
    'Réponse automatique : Bonjour',
    'Respuesta automática: Hola',
    'Risposta automatica: Ciao',
    'Resposta automática: Olá',
    'Automatisch antwoord: Hallo',
    'Автоматический ответ: Привет',
  ])('an auto-reply by its subject %j', (subject) => {
    expect(classifyReply({ subject, text: 'Back soon.' })).toBe('auto-reply');
  });

  it('QQ’s holiday auto-reply by its body', () => {
    expect(
      classifyReply({
        subject: '回复：您好',
        text: '这是来自QQ邮箱的假期自动回复邮件。\n您好，我最近正在休假中。',
      }),
    ).toBe('auto-reply');
  });

  it('a null Return-Path is automated', () => {
    expect(classifyReply({ text: 'Thanks', returnPath: '' })).toBe('auto-reply');
  });

  it('X-Auto-Response-Suppress alone is a person writing (Outlook sets it)', () => {
    expect(classifyReply({ text: 'Thursday works.', headers: { 'X-Auto-Response-Suppress': 'All' } })).toBe(
      'reply',
    );
    expect(
      readAutomated({ text: 'Thursday works.', headers: { 'X-Auto-Response-Suppress': 'OOF' } }),
    ).toBeUndefined();
  });

  it('a customer forwarding a bounce is a person', () => {
    expect(
      classifyReply({
        subject: 'Fwd: Undeliverable: order',
        text: 'Why did this bounce?',
        from: 'anna@example.com',
      }),
    ).toBe('reply');
  });
});
