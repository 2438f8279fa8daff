import type { Liquid, LiquidOptions, Template } from 'liquidjs';
import type { Channel } from '../customers/customer';
import { type SmsSegments, smsSegments } from '../sending/sms-segments';
import { htmlToText } from './html-to-text';

export { type SmsSegments, smsSegments };

/** A marketer's template for one channel and locale, as written in `templates/`. */
export interface TemplateSource {
  name: string;
  locale: string;
  channel: Channel;
  /** Email only: the subject line (Liquid). */
  subject?: string;
  /** HTML for email, plain text for SMS (Liquid). */
  body: string;
  /** Email only: a hand-written text part; without it the text is derived from the HTML. */
  text?: string;
}

export type RenderedMessage =
  | { channel: 'email'; subject: string; html: string; text: string }
  | { channel: 'sms'; text: string; segments: SmsSegments };

// Strict: a misspelt variable is an error the marketer sees in the preview,
// not a blank in a customer's letter. `if` may still test what is absent.
const strict = {
  strictFilters: true,
  strictVariables: true,
  lenientIf: true,
  ownPropertyOnly: true,
  // A template is written in the console by people, not trusted code: a runaway loop such as
  // `{% for i in (1..100000000) %}` must end in an error the editor shows, not hold a Lambda
  // until it times out. Real letters render in well under a millisecond and a few KB.
  parseLimit: 200_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
} as const;
/** The largest rendered part (an email's HTML, its text, an SMS): far above any real letter. */
export const RENDERED_LIMIT_BYTES = 512 * 1024;

// Templates are untrusted: they never reach the file system. `include`, `render` and `layout`
// are refused when the template is parsed, naming the tag, and the engine's file system
// answers nothing, so no path (relative, absolute or `..`) reads a file.
const SANDBOX_TAGS = ['include', 'render', 'layout'] as const;
const noFiles = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async (file: string) => refuseFile(file),
  readFileSync: (file: string) => refuseFile(file),
  resolve: (_root: string, file: string) => file,
  contains: async () => false,
  containsSync: () => false,
  sep: '/',
  dirname: (file: string) => file,
};

function refuseFile(file: string): never {
  throw new Error(`templates cannot read files (${file})`);
}

function sandboxed(engine: Liquid): Liquid {
  for (const tag of SANDBOX_TAGS) {
    engine.registerTag(tag, {
      parse() {
        throw new Error(`the "${tag}" tag is not allowed: templates cannot read other files`);
      },
      render() {
        return '';
      },
    });
  }
  return engine;
}

const sandbox: LiquidOptions = { root: [], partials: [], layouts: [], relativeReference: false, fs: noFiles };
// HTML bodies escape every output by default; subjects, text parts and SMS are plain text.
// Liquid is imported on the first render, not with this module: handlers that load it but render
// nothing (delivery events, inbound replies, most API calls) never parse its 80 KB, and the
// Lambda bundles keep it in a chunk of its own (infra/lambda-bundling.ts).
interface Engines {
  html: Liquid;
  text: Liquid;
}
let engines: Promise<Engines> | undefined;
function liquid(): Promise<Engines> {
  engines ??= import('liquidjs').then(({ Liquid }) => ({
    html: sandboxed(new Liquid({ ...strict, ...sandbox, outputEscape: 'escape' })),
    text: sandboxed(new Liquid({ ...strict, ...sandbox })),
  }));
  // A failed import is not remembered: the next render tries again.
  engines.catch(() => {
    engines = undefined;
  });
  return engines;
}
// Parsed once per template source object: a render is then pure evaluation.
const parsed = new WeakMap<TemplateSource, { body: Template[]; subject?: Template[]; text?: Template[] }>();

function compiled(
  source: TemplateSource,
  { html: htmlEngine, text: textEngine }: Engines,
): { body: Template[]; subject?: Template[]; text?: Template[] } {
  let entry = parsed.get(source);
  if (!entry) {
    entry = {
      body: (source.channel === 'email' ? htmlEngine : textEngine).parse(source.body),
      ...(source.subject !== undefined ? { subject: textEngine.parse(source.subject) } : {}),
      ...(source.text !== undefined ? { text: textEngine.parse(source.text) } : {}),
    };
    parsed.set(source, entry);
  }
  return entry;
}

export { htmlToText } from './html-to-text';

/** A rendered part over the size limit is the template's error, never a letter. */
function bounded(part: string, what: string): string {
  if (Buffer.byteLength(part) > RENDERED_LIMIT_BYTES) {
    throw new Error(`the rendered ${what} is over the ${RENDERED_LIMIT_BYTES / 1024} KB limit`);
  }
  return part;
}

/**
 * Renders a template against a context. Subjects are collapsed to one line, so
 * customer data can never inject a header.
 * @example (await renderTemplate(source, { customer: { name: '王芳' } })).subject
 */
export async function renderTemplate(source: TemplateSource, context: object): Promise<RenderedMessage> {
  const both = await liquid();
  const templates = compiled(source, both);
  const { html: htmlEngine, text: textEngine } = both;
  if (source.channel === 'sms') {
    const text = bounded((textEngine.renderSync(templates.body, context) as string).trim(), 'SMS');
    return { channel: 'sms', text, segments: smsSegments(text) };
  }
  const html = bounded((htmlEngine.renderSync(templates.body, context) as string).trim(), 'HTML');
  const subject = templates.subject
    ? (textEngine.renderSync(templates.subject, context) as string).replace(/\s+/g, ' ').trim()
    : '';
  const text = bounded(
    templates.text ? (textEngine.renderSync(templates.text, context) as string).trim() : htmlToText(html),
    'text part',
  );
  return { channel: 'email', subject, html, text };
}

/**
 * Splits a template file into front matter and body:
 * `---\nsubject: Hello {{ customer.name }}\n---\n<p>…</p>`.
 */
export function parseTemplateFile(content: string): { attributes: Record<string, string>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(content);
  if (!match) return { attributes: {}, body: content };
  const attributes: Record<string, string> = {};
  for (const line of match[1]!.split(/\r?\n/)) {
    const pair = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
    if (pair) attributes[pair[1]!] = pair[2]!.replace(/^"(.*)"$/, '$1');
  }
  return { attributes, body: match[2]! };
}

/** Locales to try for a customer, most specific first: zh-Hant-TW → zh-Hant → zh, then the fallback. */
export function localeChain(locale: string, fallback = 'en'): string[] {
  const parts = locale.split('-');
  const chain: string[] = [];
  for (let i = parts.length; i > 0; i--) chain.push(parts.slice(0, i).join('-'));
  if (!chain.includes(fallback)) chain.push(fallback);
  return chain;
}
