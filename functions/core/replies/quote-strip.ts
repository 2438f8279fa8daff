/**
 * What the customer wrote this time, without the quoted history, forwarded
 * blocks or the signature: a line-based stripper, linear in the length of the
 * text (each line is tested against the tables once, with a lookahead of a
 * few lines for an attribution wrapped over several lines), on a bounded
 * prefix of the text.
 */

/** Only this much of a message is read: the new text is at the top. */
export const TEXT_LIMIT = 64 * 1024;
/** A line longer than this is text, never a marker (no pattern runs on it whole). */
const MARKER_LENGTH = 400;
/** An attribution wrapped by the mail client runs over at most this many lines. */
const ATTRIBUTION_LINES = 6;

/** The closing words of an attribution line: "On … wrote:", "Le … a écrit :", "… 写道：". */
const ATTRIBUTION_CLOSE =
  /(\bwrote|\bsent|\bwrites|a écrit|\bschrieb|escribió|ha scritto|\bschreef|\bgeschreven|\bskrev|napisał(\(a\))?|\bpisze|escreveu|đã viết|kirjoitti|написал\(?а?\)?|написала|пише|napsal|写道|寫道|書きました)\s*[:：]?\s*-*\s*$/i;
/** How an attribution opens, when its closing words come in the middle ("Am … schrieb X:"). */
const ATTRIBUTION_OPEN_MID =
  /^-*\s*(am|op|den|på|el|le|il|em|w dniu|on)\s.{0,300}\b(schrieb|schreef|skrev|escribió|a écrit|ha scritto|escreveu|napisał|wrote)\b.{0,300}[:：]\s*$/i;
/** A date, then a name and an address in brackets: "2014-10-17 11:28 GMT+03:00 Postmaster <…>:", "2027年2月9日(火) 9:00 Li <…>:". */
const DATE_ADDRESS =
  /^(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}).{0,200}(<\s*[^<>\s]+@[^<>\s]+>\s*[:：]?|\d{1,2}:\d{2} GMT[+-]\d{1,2}:?\d{2} \S.{0,80})\s*$/;
/** The start of an attribution: an opening word, a date or a rule. */
const ATTRIBUTION_START =
  /^(-{2,}\s*|(on|le|am|el|il|op|den|på|em|w dniu|vào|在|于|於)\s|\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})/i;
/** Markers that open a copy of another message. */
const ORIGINAL_MESSAGE =
  /^\s*[-_=*\s]*(original message|forwarded message|begin forwarded message|ursprüngliche nachricht|weitergeleitete nachricht|message d'origine|message transféré|mensaje original|mensaje reenviado|messaggio originale|messaggio inoltrato|oorspronkelijk bericht|doorgestuurd bericht|originalmeddelande|vidarebefordrat meddelande|opprinnelig melding|oprindelig meddelelse|alkuperäinen viesti|mensagem original|исходное сообщение|пересылаемое сообщение|原始邮件|原始郵件|原邮件|原郵件|转发邮件|轉寄郵件|回复的原邮件|回覆的原郵件|元のメッセージ|転送メッセージ)\s*:?[-_=*\s]*$/i;
/** The first line of an Outlook header block: From:, Von:, De :, 发件人: … */
const HEADER_FROM =
  /^\s*\*?(from|von|de|da|van|från|fra|lähettäjä|от|od|feladó|kimden|发件人|發件人|寄件者|差出人|보낸 사람|date|datum|fecha|sent|gesendet|发送时间|寄件日期)\*?\s*[:：]/i;
/** Any line of such a block. */
const HEADER_ANY =
  /^\s*\*?(from|von|de|da|van|från|fra|lähettäjä|от|od|sent|gesendet|envoyé|enviado|inviato|verzonden|skickat|sendt|lähetetty|отправлено|date|datum|fecha|data|to|an|à|a|para|aan|till|til|vastaanottaja|кому|do|cc|kopie|subject|betreff|objet|asunto|oggetto|onderwerp|ämne|emne|aihe|тема|temat|assunto|reply-to|发件人|發件人|寄件者|发送时间|發送時間|寄件日期|日期|收件人|收件者|抄送|副本|主题|主題|主旨|差出人|送信日時|宛先|件名|보낸 사람|받는 사람|제목)\*?\s*[:：]/i;
/** The sign-offs mail apps add: "Sent from my iPhone", "发自我的iPhone", "Envoyé depuis mon iPhone"… */
const SIGNATURE =
  /^\s*(<<|\(|\[)?\s*(sent (from|via|with|by|using)\b|from my \w+|envoyé (de|depuis)|von meinem|gesendet von|diese nachricht wurde von|enviado (desde|de) mi|inviato da|verzonden (met|vanaf|van)|skickat från|sendt fra|lähetetty|отправлено с|get (\[?outlook|the outlook)|发自我的|发自网易邮箱|发自\s?(iPhone|iPad|手机)|從我的\s?\S+\s?傳送|从我的\s?\S+\s?发送|\S+から送信|someone from mobile)/i;
/** "-- " (RFC 3676) and the rules apps draw: --, ___, ***, ===, ~~~. */
const DELIMITER = /^\s*([-_*=~#+]\s?){2,}\s*$|^\s*ᐧ\s*$/;
const QUOTE = /^\s*>/;

type Kind = 'text' | 'empty' | 'quote' | 'attribution' | 'original' | 'header' | 'signature' | 'delimiter';

function unquoted(line: string): string {
  return line.replace(/^(\s*>)+\s?/, '');
}

/** The length of the attribution that starts at line `i` (0: none), wrapped over a few lines at most. */
function attributionAt(lines: readonly string[], i: number): number {
  let joined = '';
  for (let n = 0; n < ATTRIBUTION_LINES && i + n < lines.length; n++) {
    const line = lines[i + n]!;
    if (line.length > MARKER_LENGTH) return 0;
    const bare = unquoted(line).trim();
    // A line below that opens an attribution of its own starts it there.
    if (n > 0 && ATTRIBUTION_START.test(bare)) return 0;
    joined = `${joined} ${bare}`.trim();
    if (joined === '') return 0;
    if (isAttribution(joined, n === 0)) return n + 1;
    // Only a line that opens an attribution may run on to the next ones.
    if (n === 0 && !ATTRIBUTION_START.test(joined) && !/@|<$/.test(joined)) return 0;
    // A sentence that ends is not an attribution running on.
    if (/[.!?。！？]\s*$/.test(line) && !/\d\.\s*$/.test(line)) return 0;
  }
  return 0;
}

function isAttribution(text: string, single: boolean): boolean {
  if (ATTRIBUTION_OPEN_MID.test(text) || DATE_ADDRESS.test(text)) return true;
  // Any language: a time, then a name and an address, then a colon ("вт, 9 февр. 2027 г. в 09:00, Li <li@…>:").
  if (/\d{1,2}:\d{2}.{0,160}<\s*[^<>\s]+@[^<>\s]+>\s*[:：]\s*$/.test(text)) return true;
  if (/[<@].{0,200}\b(schrieb|wrote|skrev|schreef)\b.{0,120}[:：]\s*$/i.test(text)) return true;
  if (!ATTRIBUTION_CLOSE.test(text)) return false;
  // "… wrote:" alone is a sentence; with a date, an address or an opening word it is an attribution.
  return (
    /\d|@|^-{2,}|^(on|le|am|el|il|op|den|på|em|w dniu|vào|在)\s/i.test(text) || (!single && /[<>]/.test(text))
  );
}

function kindOf(lines: readonly string[], i: number): Kind {
  const line = lines[i]!;
  if (line.trim() === '') return 'empty';
  if (line.length > MARKER_LENGTH) return QUOTE.test(line) ? 'quote' : 'text';
  const bare = unquoted(line);
  if (attributionAt(lines, i) > 0) return 'attribution';
  if (ORIGINAL_MESSAGE.test(bare)) return 'original';
  if (QUOTE.test(line)) return 'quote';
  if (HEADER_FROM.test(line) && headerBlock(lines, i)) return 'header';
  if (DELIMITER.test(line)) return 'delimiter';
  if (SIGNATURE.test(line)) return 'signature';
  return 'text';
}

/** A header block: a From:/Date: line with another header line within the next few lines. */
function headerBlock(lines: readonly string[], i: number): boolean {
  for (let n = 1; n <= 4 && i + n < lines.length; n++) {
    const line = lines[i + n]!;
    if (line.length <= MARKER_LENGTH && HEADER_ANY.test(line)) return true;
  }
  return false;
}

/** "reply On Wed, Apr 4, 2012 at 3:59 PM, bob@example.com wrote:": the reply and the attribution on one line. */
function splitSharedLine(line: string): string {
  if (line.length > MARKER_LENGTH || !ATTRIBUTION_CLOSE.test(line)) return line;
  const at = /(-{2,}\s*)?\bOn\s[^\n]{0,200}$/.exec(line);
  if (!at || at.index === 0 || !isAttribution(line.slice(at.index).replace(/^-+\s*/, ''), true)) return line;
  return line.slice(0, at.index).trimEnd();
}

/**
 * The new text of a reply: cut at the first attribution, original-message
 * marker, header block, signature or rule; a quoted block with text after it
 * is dropped and the text kept; a message that is only a forward keeps what
 * was forwarded, one that is only quoted history keeps nothing.
 * @example stripQuotes('Thanks!\n\nOn Tue, 9 Feb 2027 Li <li@shop.example> wrote:\n> Hi') // 'Thanks!'
 */
export function stripQuotes(input: string): string {
  const lines = input.slice(0, TEXT_LIMIT).replace(/\r\n?/g, '\n').split('\n').map(splitSharedLine);
  const kept: string[] = [];
  let i = 0;
  let wrote = false;
  let code = false;
  while (i < lines.length) {
    // Nothing inside a ``` code block is a marker.
    if (/^\s*```/.test(lines[i]!)) code = !code;
    const kind = code || /^\s*```/.test(lines[i]!) ? 'text' : kindOf(lines, i);
    if (kind === 'attribution') {
      const end = i + attributionAt(lines, i);
      const after = skipQuoted(lines, end);
      // An attribution above everything, with the answer below it (inline, or under the quote), goes alone.
      if (after === undefined && (wrote || QUOTE.test(lines[nextText(lines, end)] ?? ''))) break;
      i = after ?? end;
      continue;
    }
    if (kind === 'original' || kind === 'header') {
      if (wrote) break;
      // A forward with nothing above it: what was forwarded is the message.
      i = skipHeaders(lines, i + (kind === 'original' ? 1 : 0));
      continue;
    }
    if (kind === 'signature' || kind === 'delimiter') break;
    if (kind === 'quote') {
      const after = skipQuoted(lines, i);
      // Quoted lines with text after them are part of the answer (interleaved); trailing ones are history.
      if (after === undefined && wrote) break;
    }
    if (kind !== 'empty') wrote = true;
    kept.push(lines[i]!);
    i++;
  }
  return kept.join('\n').trim();
}

/**
 * From `i`, past blank and quoted lines: the line after them when text
 * follows, undefined when the quote runs to the end or into non-quoted text
 * directly below an attribution (then that text is the quoted letter).
 */
function skipQuoted(lines: readonly string[], i: number): number | undefined {
  let j = i;
  let quoted = false;
  // A line between quoted lines (a link the client wrapped) belongs to the quote.
  const inQuote = (k: number) =>
    lines[k]!.trim() === '' || QUOTE.test(lines[k]!) || (quoted && QUOTE.test(lines[k + 1] ?? ''));
  while (j < lines.length && inQuote(j)) {
    if (QUOTE.test(lines[j]!)) quoted = true;
    j++;
  }
  if (j >= lines.length || !quoted) return undefined;
  return j;
}

function nextText(lines: readonly string[], i: number): number {
  let j = i;
  while (j < lines.length && lines[j]!.trim() === '') j++;
  return j;
}

/** Past the header lines of a forwarded block (and their continuation lines) to its body. */
function skipHeaders(lines: readonly string[], i: number): number {
  let j = i;
  while (j < lines.length && lines[j]!.trim() === '') j++;
  while (j < lines.length && lines[j]!.trim() !== '') j++;
  return j;
}
