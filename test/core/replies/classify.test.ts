import { describe, expect, it } from 'vitest';
import { classifyReply, type InboundContent } from '../../../functions/core/replies/classify';

describe('classifyReply', () => {
  describe('plain replies stop the chase', () => {
    it.each<[string, InboundContent]>([
      ['en acknowledgement', { subject: 'Re: Hello again', text: 'Yes I got it, thanks' }],
      ['zh acknowledgement', { subject: '回复: 好久不见', text: '收到了,谢谢' }],
      ['zh ascii comma', { text: '收到了,谢谢' }],
      ['"stop" inside a sentence', { text: "please don't stop sending" }],
      ['starts with stop', { text: 'stop sending me the brochure, send the price list' }],
      ['退订 inside a sentence', { text: '我不想退订,只是最近忙' }],
      ['multi-line reply', { text: 'Thanks!\nI will call you on Monday.' }],
      ['a keyword followed by more lines', { text: 'Stop\nI mean the sofa order, not the emails.' }],
      ['退订 followed by more lines', { text: '退订\n开玩笑的,下周见' }],
      ['empty body', { text: '' }],
      ['Auto-Submitted: no', { text: 'Thanks', headers: { 'Auto-Submitted': 'no' } }],
      ['precedence first-class', { text: 'Thanks', headers: { Precedence: 'first-class' } }],
      ['subject mentions being back from office', { subject: 'Re: back in the office', text: 'Hi' }],
    ])('%s', (_name, content) => {
      expect(classifyReply(content)).toBe('reply');
    });
  });

  describe('unsubscribes', () => {
    it.each([
      'STOP',
      'stop',
      'Stop.',
      ' STOP! ',
      'STOPALL',
      'Unsubscribe',
      'UNSUBSCRIBE',
      'cancel',
      'END',
      'quit',
      'TD',
      'td',
      'T',
      '退订',
      '退订。',
      '退订!',
      '取消订阅',
      '退订短信',
      '不要再发了',
      '别再发',
    ])('%j', (text) => {
      expect(classifyReply({ text })).toBe('unsubscribe');
    });

    it('a trailing newline still counts as one line', () => {
      expect(classifyReply({ text: 'STOP\n' })).toBe('unsubscribe');
      expect(classifyReply({ text: '\r\n退订\r\n' })).toBe('unsubscribe');
    });

    it('an unsubscribe subject with an empty body', () => {
      expect(classifyReply({ subject: 'Unsubscribe', text: '' })).toBe('unsubscribe');
      expect(classifyReply({ subject: '退订', text: '   ' })).toBe('unsubscribe');
    });

    it('an unsubscribe subject with a real body is a reply', () => {
      expect(classifyReply({ subject: 'Unsubscribe', text: 'Actually, please keep me on the list.' })).toBe(
        'reply',
      );
    });
  });

  describe('auto-replies do not stop the chase', () => {
    it.each<[string, Record<string, string>]>([
      ['Auto-Submitted: auto-replied', { 'Auto-Submitted': 'auto-replied' }],
      ['Auto-Submitted: auto-generated', { 'auto-submitted': 'auto-generated' }],
      ['X-Autoreply', { 'X-Autoreply': 'yes' }],
      ['X-Autorespond', { 'X-Autorespond': 'Out of office' }],
      ['Precedence: bulk', { Precedence: 'bulk' }],
      ['Precedence: BULK', { PRECEDENCE: 'BULK' }],
      ['Precedence: auto_reply', { Precedence: 'auto_reply' }],
      ['Precedence: junk', { Precedence: 'junk' }],
      ['Precedence: list', { Precedence: 'list' }],
    ])('by header %s', (_name, headers) => {
      expect(classifyReply({ subject: 'Re: Hello', text: 'Yes I got it, thanks', headers })).toBe(
        'auto-reply',
      );
    });

    it('a header wins over an unsubscribe-looking body', () => {
      expect(classifyReply({ text: 'STOP', headers: { 'Auto-Submitted': 'auto-replied' } })).toBe(
        'auto-reply',
      );
    });

    it.each([
      'Out of Office: back on Monday',
      'Out of the office until 2027-02-20',
      'Automatic reply: Hello again',
      'Auto-Reply: Hello again',
      'Autoreply: Hello',
      '自动回复: 好久不见',
      '自动回复:好久不见',
      '自動回覆: 好久不見',
      '休假中',
      'Abwesenheitsnotiz: Hallo',
      'Re: Out of Office: back on Monday',
      '  Out of office',
    ])('by subject %j', (subject) => {
      expect(classifyReply({ subject, text: 'I am away until Monday.' })).toBe('auto-reply');
    });
  });
});
