// The text/plain part derived from an email's HTML, in one pass over the input:
// templates are untrusted, so no step may backtrack (2,000 unclosed `<a href="` in a
// row take as long as 2,000 characters of text).

const BLOCK_END = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'tr',
  'table',
  'blockquote',
]);
const NAMED: Record<string, string> = { nbsp: ' ', lt: '<', gt: '>', quot: '"', amp: '&', apos: "'" };
const ENTITY = /&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,6});/gi;

/** Decodes the common entities once: `&amp;lt;` is `&lt;`, not `<`. */
function decode(text: string): string {
  return text.replace(ENTITY, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function trimLineEnds(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let end = line.length;
      while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
      return line.slice(0, end);
    })
    .join('\n');
}

interface Tag {
  name: string;
  closing: boolean;
  href?: string;
}

function readTag(inside: string): Tag | undefined {
  const closing = inside.startsWith('/');
  const name = /^[a-z][\w-]*/i.exec(closing ? inside.slice(1) : inside)?.[0]?.toLowerCase();
  if (!name) return undefined;
  const href = name === 'a' && !closing ? /(?:^|\s)href="([^"]*)"/i.exec(inside)?.[1] : undefined;
  return { name, closing, ...(href !== undefined ? { href: decode(href) } : {}) };
}

/**
 * A readable text/plain part from the HTML part, for clients that show text:
 * paragraphs and breaks as newlines, links as `label (url)`, list items with
 * dashes, scripts and styles dropped, entities decoded once.
 * @example htmlToText('<p>See <a href="https://x.example">our catalogue</a>.</p>') // 'See our catalogue (https://x.example).'
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let link: { href: string; from: number } | undefined;
  let skipping: string | undefined;
  let afterBreak = false;
  let nextGt = -1;
  let at = 0;
  while (at < html.length) {
    const lt = html.indexOf('<', at);
    const textEnd = lt === -1 ? html.length : lt;
    if (!skipping && textEnd > at) {
      // A break written as `<br>` and a newline (as `newline_to_br` makes) is one line break.
      const text = html.slice(at, textEnd);
      out.push(decode(afterBreak ? text.replace(/^\r?\n/, '') : text));
    }
    afterBreak = false;
    if (lt === -1) break;
    // The next '>' is looked for again only once it is passed: the scan stays linear.
    if (nextGt !== -1 && nextGt <= lt) nextGt = -1;
    if (nextGt === -1) nextGt = html.indexOf('>', lt + 1);
    const nextLt = html.indexOf('<', lt + 1);
    if (nextGt === -1 || (nextLt !== -1 && nextLt < nextGt)) {
      // A '<' that opens no tag is text.
      if (!skipping) out.push('<');
      at = lt + 1;
      continue;
    }
    at = nextGt + 1;
    const tag = readTag(html.slice(lt + 1, nextGt));
    if (!tag) continue;
    if (skipping) {
      if (tag.closing && tag.name === skipping) skipping = undefined;
      continue;
    }
    if (!tag.closing && (tag.name === 'script' || tag.name === 'style')) skipping = tag.name;
    else if (tag.name === 'a' && !tag.closing && tag.href !== undefined)
      link = { href: tag.href, from: out.length };
    else if (tag.name === 'a' && tag.closing && link) {
      const label = out.splice(link.from).join('');
      out.push(label.trim() === link.href ? link.href : `${label} (${link.href})`);
      link = undefined;
    } else if (tag.name === 'br') {
      out.push('\n');
      afterBreak = true;
    } else if (tag.closing && BLOCK_END.has(tag.name)) out.push('\n\n');
    else if (!tag.closing && tag.name === 'li') out.push('- ');
  }
  return trimLineEnds(out.join(''))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
