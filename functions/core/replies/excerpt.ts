const encoder = new TextEncoder();

/**
 * The start of `text` in at most `maxBytes` bytes of UTF-8, cut between
 * characters and marked with "…" when cut. DynamoDB bills a write by the
 * item's size in 1 KB steps, so what is kept of a message on the timeline is
 * bounded in bytes, not characters (a Chinese character is three).
 * @example excerpt('您好,王芳', 9) // '您好…'
 */
export function excerpt(text: string, maxBytes: number): string {
  if (encoder.encode(text).length <= maxBytes) return text;
  const budget = maxBytes - 3; // the ellipsis is three bytes
  let used = 0;
  let end = 0;
  for (const character of text) {
    const size = encoder.encode(character).length;
    if (used + size > budget) break;
    used += size;
    end += character.length;
  }
  return `${text.slice(0, end).trimEnd()}…`;
}
