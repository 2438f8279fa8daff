/**
 * What a customer's inbound message means for the engine. Only a `reply`
 * counts as the customer answering: it stops the chase. An automatic reply
 * (out of office) must not, and an unsubscribe suppresses the channel.
 */
export type ReplyKind = 'reply' | 'auto-reply' | 'unsubscribe';

export interface InboundContent {
  subject?: string;
  text: string;
  headers?: Readonly<Record<string, string>>;
}

// Carrier keywords (CTIA) and their Chinese counterparts; matched on the whole message.
const UNSUBSCRIBE_WORDS =
  /^\s*(stop|stopall|unsubscribe|cancel|end|quit|td|t|退订|取消订阅|退订短信|不要再发了?|别再发了?)\s*[.!。!]?\s*$/i;
const AUTO_SUBJECT =
  /^(auto(matic)?[ -]?reply|out of (the )?office|abwesenheitsnotiz|自动回复|自動回覆|休假中)|(auto(matic)?[ -]?reply|out of (the )?office|自动回复|自動回覆)\s*[::]/i;

/**
 * Classifies an inbound message.
 * @example classifyReply({ text: '退订' }) // 'unsubscribe'
 */
export function classifyReply(content: InboundContent): ReplyKind {
  const headers = Object.fromEntries(
    Object.entries(content.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value.toLowerCase()]),
  );
  const autoSubmitted = headers['auto-submitted'];
  if (
    (autoSubmitted !== undefined && autoSubmitted !== 'no') ||
    headers['x-autoreply'] !== undefined ||
    headers['x-autorespond'] !== undefined ||
    /^(auto_reply|bulk|junk|list)$/.test(headers.precedence ?? '')
  ) {
    return 'auto-reply';
  }
  if (content.subject && AUTO_SUBJECT.test(content.subject.trim())) return 'auto-reply';
  const firstLine = content.text.trim().split(/\r?\n/)[0] ?? '';
  if (UNSUBSCRIBE_WORDS.test(firstLine) && content.text.trim().split(/\r?\n/).length === 1)
    return 'unsubscribe';
  if (content.subject && UNSUBSCRIBE_WORDS.test(content.subject) && content.text.trim() === '')
    return 'unsubscribe';
  return 'reply';
}
