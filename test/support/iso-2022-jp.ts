import iconv from 'iconv-lite';

/**
 * ISO-2022-JP (RFC 1468), which iconv-lite cannot encode: Shift_JIS from
 * iconv-lite, each double-byte character moved to its JIS X 0208 row and cell,
 * ESC $ B / ESC ( B around each run.
 */
export function iso2022jp(text: string): Buffer {
  const sjis = iconv.encode(text.replace(/\r?\n/g, '\r\n'), 'shift_jis');
  const out: number[] = [];
  let jis = false;
  for (let i = 0; i < sjis.length; i++) {
    const lead = sjis[i]!;
    if (lead < 0x80) {
      if (jis) out.push(0x1b, 0x28, 0x42);
      jis = false;
      out.push(lead);
      continue;
    }
    if (lead >= 0xa1 && lead <= 0xdf) throw new Error('half-width katakana has no ISO-2022-JP form');
    const trail = sjis[++i]!;
    if (!jis) out.push(0x1b, 0x24, 0x42);
    jis = true;
    const low = trail < 0x9f;
    out.push(
      ((lead - (lead < 0xa0 ? 0x70 : 0xb0)) << 1) - (low ? 1 : 0),
      trail - (low ? (trail > 0x7f ? 0x20 : 0x1f) : 0x7e),
    );
  }
  if (jis) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}
