/**
 * Mail written by machines: delivery status notifications (bounces, RFC 3464
 * and the common non-standard shapes), abuse feedback reports (ARF, RFC 5965)
 * and automatic replies (RFC 3834 and the vendors' headers, then the words of
 * out-of-office subjects and bodies in the languages our customers write).
 * Structure first, then headers, then language; every pattern runs on a
 * bounded prefix.
 */

export interface InboundContent {
  subject?: string;
  /** The new text of the message (quoted history removed). */
  text: string;
  headers?: Readonly<Record<string, string>>;
  /** The From address. */
  from?: string;
  /** The Return-Path: '' for the null reverse path `<>` (RFC 5321) that bounces carry. */
  returnPath?: string;
  /** The top part's media type with its report type, e.g. `multipart/report; report-type=delivery-status`. */
  contentType?: string;
  /** The machine-readable report part: `message/delivery-status` or `message/feedback-report`. */
  report?: string;
  /** The whole text before quote stripping, when stripping cut something. */
  body?: string;
}

export type Automated =
  /** `delayed`: a warning that delivery is still being tried (RFC 3464 action `delayed`), not a failure. */
  | { kind: 'bounce'; permanent?: boolean; delayed?: boolean; recipient?: string }
  | { kind: 'abuse-report'; recipient?: string }
  | { kind: 'auto-reply' };

/** How much of a text the language patterns read. */
const PREFIX = 4096;

const MACHINE_SENDER =
  /^"?(mailer[-_ ]?daemon|mail[-_ ]?daemon|post[-_]?master|poostmaster|double-bounce|mail delivery (subsystem|system))\b/i;
const BOUNCE_SUBJECT =
  /^\s*(\[[^\]]{0,40}\]\s*)?(undeliver(able|ed)|undelivered mail|delivery (status notification|failure|failed|notification|report|has failed)|mail delivery (failed|failure|system|subsystem)|returned mail|returning message|failure notice|message (delivery has failed|not delivered|undeliverable|could not be delivered)|mail (could not be delivered|system error|failure)|non[- ]?delivery|(mail )?loop (alert|detected)|delivery status|delayed mail|warning: (message|could not send)|email delivery failure|delivery failure|nondeliverable|could not send message|系统退信|退信|投递失败|邮件投递失败|未能送达|無法傳遞|メールエラー|配信できません|配信エラー|ваше сообщение не доставлено|не доставлено|unzustellbar|nicht zustellbar|non remis|non recapitabile|no se pudo entregar|onbestelbaar|no entregado)/i;
const BOUNCE_BODY =
  /this is the qmail-send program|this message was created automatically by mail delivery software|i'm sorry to have to inform you that your message could not|the following addresses had permanent fatal errors|delivery to the following recipients? (failed|has been delayed)|your message (wasn't|was not|could not be|couldn't be) delivered|delivery has failed to these recipients|could not be delivered to one or more recipients|message could not be delivered|the original message was received at|this is the mail system at host|delivery status notification|unable to deliver (your )?message|permanent error|mailbox (is )?(full|unavailable)|user unknown|unknown user|no such user|"notificationType"\s*:\s*"Bounce"|邮件(无法|未能)(投递|送达)|退信/i;
const AUTO_SUBJECT =
  /^\s*((re|aw|fw|fwd)\s*[:：]\s*)?(auto(matic)?[ -]?(reply|response|answer)|out of (the )?office|away from (the )?office|vacation (reply|response)|autosvar|abwesenheitsnotiz|abwesend|automatische antwort|réponse automatique|absence du bureau|respuesta automática|fuera de la oficina|risposta automatica|fuori sede|resposta automática|ausente do escritório|automatisch antwoord|afwezigheidsbericht|автоматический ответ|автоответ|自动回复|自動回覆|自动答复|自動答覆|自動回复|自动应答|休假中|不在办公室|自動応答|自動返信|不在のお知らせ|부재중|자동 응답|자동응답)/i;
const AUTO_BODY =
  /^\s*(your (message|e-?mail) (has been|was) received|we have received your (message|e-?mail|enquiry|inquiry|request)|您的(邮件|来信)已收到|您的郵件已收到)|这是来自QQ邮箱的假期自动回复邮件|這是來自QQ郵箱的假期自動回覆郵件|this is an auto(matic|mated)?[ -]?(reply|response)|i am (currently )?out of (the )?office|ich bin (derzeit |bis .{0,30})?(nicht im büro|abwesend)|je suis (actuellement )?absente? |estoy fuera de la oficina|sono fuori (sede|ufficio)|ik ben (momenteel )?afwezig|я в отпуске|자동 응답|自動応答|本メールは自動送信|^(?:[^\n.!?。！？]{0,40}[.!?。！？]\s*)?(?:(i am|i'm) (currently )?(out of (the )?office|away|on (annual )?leave|on vacation)|this is an automatic reply|我(现在|目前)?正在休假|我目前不在办公室|此为自动回复|这是一封自动回复)/i;
/** Senders no person writes from. */
const NO_REPLY_SENDER = /^(no-?reply|do-?not-?reply|noreply)[@+-]/i;
/** Amazon SES's own notification, mailed as JSON: {"notificationType":"Bounce"|"Complaint"|"Delivery", …}. */
const SES_NOTIFICATION = /"notificationType"\s*:\s*"(bounce|complaint|delivery)"/i;
const FEEDBACK_SUBJECT = /^\s*(complaint about message from|abuse report|feedback report|spam report)/i;

function lower(headers: InboundContent['headers']): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]),
  );
}

/** A field of a report part (`Final-Recipient: rfc822; a@b`), first occurrence. */
function field(report: string, name: string): string | undefined {
  const match = new RegExp(`^${name}\\s*:\\s*(?:[a-z0-9-]+\\s*;\\s*)?([^\\r\\n]{1,320})`, 'im').exec(report);
  return match?.[1]?.trim();
}

function address(value: string | undefined): string | undefined {
  const match = /<?([^\s<>;"']+@[^\s<>;"']+\.[a-z0-9-]+)>?/i.exec(value ?? '');
  return match?.[1]?.toLowerCase();
}

/** The first address a bounce's text names that is not a machine's nor the sender's. */
function failedAddress(text: string, from: string): string | undefined {
  for (const match of text.slice(0, PREFIX).matchAll(/[\w.+'-]{1,64}@[\w-]{1,63}(\.[\w-]{1,63})+/g)) {
    const candidate = match[0].toLowerCase();
    if (candidate !== from && !MACHINE_SENDER.test(candidate)) return candidate;
  }
  return undefined;
}

/** Permanent (5.x.x, "failed") or transient (4.x.x, "delayed"): undefined when the message does not say. */
function permanence(
  status: string | undefined,
  action: string | undefined,
  text: string,
): boolean | undefined {
  if (status && /^[245]\./.test(status)) return status.startsWith('5');
  if (action) return /^failed/i.test(action) ? true : undefined;
  const head = text.slice(0, PREFIX);
  if (
    /\b(delay(ed)?|will (be )?retr(y|ied)|still trying|temporar(y|ily)|mailbox (is )?full|over ?quota|\b4\.\d{1,3}\.\d{1,3}\b)/i.test(
      head,
    )
  )
    return false;
  if (
    /\b5\.\d{1,3}\.\d{1,3}\b|\b5\d\d\b|permanent|user unknown|unknown user|no such user|does not exist|not found|address rejected|failed/i.test(
      head,
    )
  )
    return true;
  return undefined;
}

function bounceOf(content: InboundContent, text: string, headers: Record<string, string>): Automated {
  const report = content.report ?? '';
  const from = (content.from ?? '').toLowerCase();
  const recipient =
    address(field(report, 'final-recipient')) ??
    address(field(report, 'original-recipient')) ??
    address(headers['x-failed-recipients']) ??
    failedAddress(text, from);
  const permanent = permanence(
    field(report, 'status'),
    field(report, 'action'),
    `${content.subject ?? ''}\n${text}`,
  );
  const action = field(report, 'action');
  const delayed = action
    ? /^delayed/i.test(action)
    : /\b(has been delayed|will (be )?retr(y|ied)|still trying)\b/i.test(text.slice(0, PREFIX));
  return {
    kind: 'bounce',
    ...(permanent !== undefined ? { permanent } : {}),
    ...(delayed ? { delayed } : {}),
    ...(recipient ? { recipient } : {}),
  };
}

function sesNotification(type: string, text: string): Automated {
  const recipient = address(/"emailAddress"\s*:\s*"([^"]{1,320})"/.exec(text)?.[1]);
  if (type === 'complaint') return { kind: 'abuse-report', ...(recipient ? { recipient } : {}) };
  if (type !== 'bounce') return { kind: 'auto-reply' };
  const bounceType = /"bounceType"\s*:\s*"(\w+)"/.exec(text)?.[1]?.toLowerCase();
  const permanent = bounceType === 'permanent' ? true : bounceType === 'transient' ? false : undefined;
  return {
    kind: 'bounce',
    ...(permanent !== undefined ? { permanent } : {}),
    ...(recipient ? { recipient } : {}),
  };
}

/**
 * Mail no person wrote, and what kind: undefined for a person's message.
 * `X-Auto-Response-Suppress` alone is not a sign: Outlook sets it on people's mail too.
 * @example readAutomated({ text: '', contentType: 'multipart/report; report-type=delivery-status', report: 'Status: 5.1.1' }) // { kind: 'bounce', permanent: true }
 */
export function readAutomated(content: InboundContent): Automated | undefined {
  const headers = lower(content.headers);
  const type = (content.contentType ?? '').toLowerCase();
  const report = content.report ?? '';
  const text = (content.body ?? content.text).slice(0, PREFIX);
  const subject = (content.subject ?? '').slice(0, 400);
  const from = content.from ?? '';
  if (/report-type\s*=\s*"?feedback-report/.test(type) || /^feedback-type\s*:/im.test(report)) {
    const recipient = address(field(report, 'original-rcpt-to'));
    return { kind: 'abuse-report', ...(recipient ? { recipient } : {}) };
  }
  if (
    /report-type\s*=\s*"?delivery-status/.test(type) ||
    /^(final-recipient|original-recipient|action|status)\s*:/im.test(report) ||
    headers['x-failed-recipients'] !== undefined
  )
    return bounceOf(content, text, headers);
  const ses = SES_NOTIFICATION.exec(text)?.[1]?.toLowerCase();
  if (ses) return sesNotification(ses, text);
  const machine = content.returnPath === '' || MACHINE_SENDER.test(from) || NO_REPLY_SENDER.test(from);
  if (FEEDBACK_SUBJECT.test(subject) && (machine || /^(abuse|staff|feedback|complaints?)@/i.test(from)))
    return { kind: 'abuse-report' };
  if (
    BOUNCE_SUBJECT.test(subject) ||
    (machine && BOUNCE_BODY.test(text)) ||
    /this is the qmail-send program/i.test(text)
  )
    return bounceOf(content, text, headers);
  const autoSubmitted = headers['auto-submitted'];
  if (
    (autoSubmitted !== undefined && autoSubmitted !== 'no') ||
    headers['x-autoreply'] !== undefined ||
    headers['x-autorespond'] !== undefined ||
    /^(auto_reply|bulk|junk|list)$/.test((headers.precedence ?? '').trim()) ||
    machine ||
    AUTO_SUBJECT.test(subject) ||
    AUTO_BODY.test(text)
  )
    return MACHINE_SENDER.test(from) || BOUNCE_BODY.test(text)
      ? bounceOf(content, text, headers)
      : { kind: 'auto-reply' };
  return undefined;
}
