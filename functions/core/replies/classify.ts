import { type InboundContent, readAutomated } from './automated';
import { TEXT_LIMIT } from './quote-strip';

export type { InboundContent } from './automated';

/**
 * What a customer's inbound message means for the engine.
 * - `reply`, `complaint`, `referral`: the customer answering. Each stops the
 *   chase; a complaint is escalated at once ("96% of complainers leave"), a
 *   referral brings its own alert.
 * - `auto-reply`: an out-of-office or other automatic mail; it does not count and is never answered.
 * - `bounce`: a delivery status notification (RFC 3464) or a mail server's
 *   own bounce; a permanent one lists the failed address.
 * - `abuse-report`: a mailbox provider's complaint feedback (ARF, RFC 5965),
 *   recorded as a complaint, not a customer's answer.
 * - `unsubscribe`: STOP, 退订… suppresses the channel for good.
 * - `help`: the SMS HELP keyword, answered with who we are and how to stop.
 */
export type ReplyKind =
  | 'reply'
  | 'complaint'
  | 'referral'
  | 'auto-reply'
  | 'bounce'
  | 'abuse-report'
  | 'unsubscribe'
  | 'help';

/** Kinds in which the customer answered: they stop the chase and earn an acknowledgement. */
export function isRealReply(kind: ReplyKind): kind is 'reply' | 'complaint' | 'referral' {
  return kind === 'reply' || kind === 'complaint' || kind === 'referral';
}

// Carrier keywords (CTIA) and their Chinese counterparts; matched on the whole message.
const UNSUBSCRIBE_WORDS =
  /^\s*(stop|stopall|unsubscribe|cancel|end|quit|revoke|optout|opt out|td|t|(please )?(unsubscribe|remove) me( from (this|your|the) (mailing )?list)?|退订|退訂|退定|取消订阅|取消訂閱|取消|退订短信|退訂簡訊|[请請]?(不要再发了?|别再发了?|不要再發了?|別再發了?)|请勿打扰|請勿打擾)\s*[.!。!！]?\s*$/i;
const HELP_WORDS = /^\s*(help|info|帮助)\s*[?？.!。!]?\s*$/i;
const COMPLAINT =
  /\b(complain(t|ing)?|disappointed|unacceptable|(terrible|awful|horrible)(?!\s+(traffic|weather|rain|cold|day|jam))|worst|broke|broken|damaged|defective|faulty|(want|need|demand|expect|request|asking for)\s+(a\s+|my\s+)?(full\s+)?refund|refund\s+me|rip[- ]?off|scam|angry|furious|never again|not happy|unhappy|poor (quality|service|communication|workmanship)|still (haven't|hasn't|have not|has not|not) (received|arrived|got|heard))\b|投诉|投訴|不满意|不滿意|太差|很差|(质量|質量|品質)(问题|問題|太差|不好)|坏了|壞了|破损|破損|损坏|損壞|退货|退貨|退款|生气|生氣|失望|骗人|騙人|骗子|騙子|欺骗|欺騙|差评|差評|太慢了|(还|還)没(收到|到)|態度(差|不好)|态度(差|不好)/i;
const NEGATED =
  /\b(no|not a single|not one|nothing( was)?|never|without( any)?)\s+(complaints?|damaged|broken|problems?)\b|(没有|沒有|毫无|毫無|一点都不|一點都不|并不|並不)(任何)?(质量问题|質量問題|失望|损坏|損壞|破损|破損)/gi;
const REFERRAL =
  /\b(my|a) (friend|colleague|neighbou?r|brother|sister|cousin|boss|business partner|client)s?\b.{0,80}\b(interested|looking for|wants?|needs?|asked|would like|might like)\b|\b(introduce|refer|recommend(ed)?) (you|him|her|them|my)\b|我(的)?(朋友|同事|邻居|鄰居|亲戚|親戚|同学|同學|表哥|表姐|老板|老闆|客户|客戶)[^。！？!?\n]{0,12}?(也)?(想|要|需要|有兴趣|有興趣|感兴趣|感興趣|在找|问|問)|(给|帮|給|幫)你介绍|介绍(一位|个|了)?(朋友|客户)|推荐给(了)?(我的?)?(朋友|同事)/i;

/**
 * Classifies an inbound message (a corpus of zh and en replies in test/fixtures).
 * @example classifyReply({ text: '退订' }) // 'unsubscribe'
 * @example classifyReply({ text: '衣柜门坏了，很失望' }) // 'complaint'
 */
export function classifyReply(content: InboundContent): ReplyKind {
  const automated = readAutomated(content);
  if (automated) return automated.kind;
  const text = content.text.slice(0, TEXT_LIMIT).trim();
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length <= 1 && UNSUBSCRIBE_WORDS.test(text)) return 'unsubscribe';
  if (text === '' && content.subject && UNSUBSCRIBE_WORDS.test(content.subject)) return 'unsubscribe';
  if (lines.length <= 1 && HELP_WORDS.test(text)) return 'help';
  if (
    COMPLAINT.test(text.replace(NEGATED, '')) ||
    (content.subject !== undefined && COMPLAINT.test(content.subject))
  )
    return 'complaint';
  if (REFERRAL.test(text)) return 'referral';
  return 'reply';
}
