/**
 * The headers of a person's answer: how it joins the thread it answers (RFC 5322 §3.6.4): its
 * `In-Reply-To` and `References` carry the answered message's Message-ID, and
 * its subject is the answered one's with one reply prefix.
 */

/** A Message-ID as RFC 5322 writes it: `<left@right>`, printable, no spaces or brackets inside. */
const MESSAGE_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]{1,250}>$/;

/**
 * The Message-ID of an inbound message as it may be written into a header of
 * ours, or undefined when the sender's value is not one (it is untrusted: a
 * line break or a second address in it would forge headers).
 * @example threadingId(' <CAF=abc@mail.gmail.com> ') // '<CAF=abc@mail.gmail.com>'
 */
export function threadingId(raw: string | undefined): string | undefined {
  const id = raw?.trim();
  return id && MESSAGE_ID.test(id) ? id : undefined;
}

/** Reply and forward prefixes mail programs write, in the languages the quote stripper reads. */
const PREFIX =
  /^\s*(?:re|aw|sv|vs|antw|r|rif|ref|odp|res|回复|回覆|答复|答覆|返信)\s*(?:\[\d+\])?\s*[:：]\s*/i;

/**
 * The subject of an answer to a message with `subject`: `Re: ` once, however
 * many prefixes the thread has gathered, or undefined with no subject to answer.
 * @example replySubject('回复: Re: 衣柜') // 'Re: 衣柜'
 */
export function replySubject(subject: string | undefined): string | undefined {
  let rest = subject?.replace(/[\r\n]+/g, ' ').trim() ?? '';
  // Bounded: each pass removes at least one character.
  for (let pass = 0; pass < 20; pass++) {
    const next = rest.replace(PREFIX, '');
    if (next === rest) break;
    rest = next;
  }
  return rest ? `Re: ${rest}` : undefined;
}

/**
 * The business's From under a person's name, so the customer sees who
 * answers: `"Li Lei (Lin's Furniture)" <hello@shop.example>`. The name is
 * untrusted; what would break the header is dropped.
 * @example fromAs('Shop <hello@shop.example>', 'Li Lei', 'Shop') // 'Li Lei (Shop) <hello@shop.example>'
 */
export function fromAs(fromAddress: string, person: string, businessName: string): string {
  const address = /<([^<>\s]+)>/.exec(fromAddress)?.[1] ?? fromAddress.trim();
  const name = `${person} (${businessName})`
    .replace(/[\r\n"<>\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  return `${name} <${address}>`;
}
