/**
 * GSM 03.38: the 7-bit alphabet an SMS uses when it can. One character outside
 * it (any Chinese, an emoji, a curly quote) makes the whole message UCS-2.
 */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** The extension table: each costs two septets (escape + character). */
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

export interface SmsSegments {
  count: number;
  /** GSM-7 fits 160 characters a segment (153 when split); UCS-2, needed for Chinese, 70 (67). */
  encoding: 'GSM-7' | 'UCS-2';
  /** Characters as a reader counts them. */
  characters: number;
}

/**
 * How many SMS segments a text costs, and in which encoding.
 * @example smsSegments('您好').encoding // 'UCS-2'
 * @example smsSegments('a'.repeat(161)).count // 2
 */
export function smsSegments(text: string): SmsSegments {
  const characters = [...text].length;
  let septets = 0;
  for (const char of text) {
    if (GSM_BASIC.has(char)) septets += 1;
    else if (GSM_EXTENDED.has(char)) septets += 2;
    else {
      // UCS-2 counts UTF-16 code units: an emoji outside the BMP takes two.
      const units = text.length;
      return { count: units <= 70 ? 1 : Math.ceil(units / 67), encoding: 'UCS-2', characters };
    }
  }
  return { count: septets <= 160 ? 1 : Math.ceil(septets / 153), encoding: 'GSM-7', characters };
}
