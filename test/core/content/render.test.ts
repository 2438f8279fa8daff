import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  htmlToText,
  localeChain,
  parseTemplateFile,
  renderTemplate,
  smsSegments,
  type TemplateSource,
} from '../../../functions/core/content/render';

const email = (subject: string, body: string): TemplateSource => ({
  name: 't',
  locale: 'en',
  channel: 'email',
  subject,
  body,
});

describe('renderTemplate limits', () => {
  it('ends a runaway loop with an error instead of rendering for ever', async () => {
    const started = performance.now();
    await expect(
      renderTemplate(email('Hi', '{% for i in (1..100000000) %}{{ i }}{% endfor %}'), { customer: {} }),
    ).rejects.toThrow(/limit/i);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('renderTemplate (email)', () => {
  it('renders subject, html and a text part', async () => {
    expect(
      await renderTemplate(
        email('Hello {{ customer.name }}', '<p>Dear {{ customer.name }},</p>\n<p>How are you?</p>\n'),
        {
          customer: { name: '王芳' },
        },
      ),
    ).toEqual({
      channel: 'email',
      subject: 'Hello 王芳',
      html: '<p>Dear 王芳,</p>\n<p>How are you?</p>',
      text: 'Dear 王芳,\n\nHow are you?',
    });
  });

  it('escapes HTML from customer data in the body', async () => {
    const rendered = await renderTemplate(
      email('Hi {{ customer.name }}', '<p>Dear {{ customer.name }},</p>'),
      {
        customer: { name: '<script>alert(1)</script> & Co' },
      },
    );
    expect(rendered.channel).toBe('email');
    if (rendered.channel !== 'email') return;
    expect(rendered.html).toBe('<p>Dear &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co,</p>');
    expect(rendered.html).not.toContain('<script>');
    // The text part is plain text again.
    expect(rendered.text).toBe('Dear <script>alert(1)</script> & Co,');
  });

  it('does not escape the subject (it is plain text) and keeps it on one line', async () => {
    const rendered = await renderTemplate(email('Hi {{ customer.name }}, a note', '<p>x</p>'), {
      customer: { name: 'Tom & "Jerry" <tj>\r\nBcc: victim@example.com' },
    });
    if (rendered.channel !== 'email') throw new Error('expected email');
    expect(rendered.subject).toBe('Hi Tom & "Jerry" <tj> Bcc: victim@example.com, a note');
    expect(rendered.subject).not.toMatch(/[\r\n]/);
  });

  it('collapses whitespace and trims the subject', async () => {
    const rendered = await renderTemplate(email('  {{ a }}\n\t {{ b }}  ', '<p>x</p>'), {
      a: 'one',
      b: 'two',
    });
    if (rendered.channel !== 'email') throw new Error('expected email');
    expect(rendered.subject).toBe('one two');
  });

  it('renders an empty subject when the source has none', async () => {
    const rendered = await renderTemplate(
      { name: 't', locale: 'en', channel: 'email', body: '<p>x</p>' },
      {},
    );
    expect(rendered).toEqual({ channel: 'email', subject: '', html: '<p>x</p>', text: 'x' });
  });

  it('reads own properties only: an inherited one is an unknown variable', async () => {
    await expect(
      renderTemplate(email('{{ customer.constructor }}|{{ customer.name }}', '<p>x</p>'), {
        customer: { name: 'Ann' },
      }),
    ).rejects.toThrow(/undefined variable: customer.constructor/);
  });

  it('fails on an unknown variable (strict variables), but lets if and default test what is absent', async () => {
    await expect(
      renderTemplate(email('{{ customer.nmae }}', '<p>x</p>'), { customer: { name: 'Ann' } }),
    ).rejects.toThrow(/undefined variable: customer.nmae, line:1/);
    const rendered = await renderTemplate(
      email(
        '{% if customer.city %}in {{ customer.city }}{% endif %}{{ owner.name | default: "us" }}',
        '<p>x</p>',
      ),
      { customer: { name: 'Ann' }, owner: {} },
    );
    if (rendered.channel !== 'email') throw new Error('expected email');
    expect(rendered.subject).toBe('us');
  });

  it('rejects an unknown filter (strict filters)', async () => {
    await expect(
      renderTemplate(email('{{ customer.name | shout }}', '<p>x</p>'), { customer: { name: 'a' } }),
    ).rejects.toThrow();
  });

  it('renders the shipped chase template with a hostile subject safely', async () => {
    const file = readFileSync(
      new URL('../../../templates/messages/chase-did-you-receive/en.email.liquid', import.meta.url),
      'utf8',
    );
    const { attributes, body } = parseTemplateFile(file);
    const rendered = await renderTemplate(email(attributes.subject!, body), {
      customer: { name: 'Ann\nLee' },
      chase: { subject: '<b>Spring</b> catalogue' },
      owner: { name: 'Li Ming' },
      unsubscribeUrl: 'https://example.com/u/abc',
    });
    if (rendered.channel !== 'email') throw new Error('expected email');
    expect(rendered.subject).toBe('Did my letter reach you, Ann Lee?');
    expect(rendered.html).toContain('&lt;b&gt;Spring&lt;/b&gt; catalogue');
    expect(rendered.html).toContain('<a href="https://example.com/u/abc">Unsubscribe</a>');
    expect(rendered.text).toContain('Unsubscribe (https://example.com/u/abc)');
    expect(rendered.text).toContain('Best regards,\nLi Ming');
  });

  // Regression: liquidjs's escape turns `"` into `&#34;`, which htmlToText does not
  // decode (it only knows `&quot;`), so the text/plain part shows `&#34;`.
  it('shows double quotes from customer data as quotes in the text part', async () => {
    const rendered = await renderTemplate(email('x', '<p>Dear {{ customer.name }},</p>'), {
      customer: { name: 'Anna "Annie" Li' },
    });
    if (rendered.channel !== 'email') throw new Error('expected email');
    expect(rendered.text).toBe('Dear Anna "Annie" Li,');
  });

  it('shows single quotes from customer data as quotes in the text part', async () => {
    const rendered = await renderTemplate(email('x', '<p>Dear {{ customer.name }},</p>'), {
      customer: { name: "Seán O'Neil" },
    });
    if (rendered.channel !== 'email') throw new Error('expected email');
    expect(rendered.html).toBe('<p>Dear Seán O&#39;Neil,</p>');
    expect(rendered.text).toBe("Dear Seán O'Neil,");
  });
});

describe('renderTemplate (sms)', () => {
  it('renders plain text, unescaped and trimmed', async () => {
    expect(
      await renderTemplate(
        {
          name: 't',
          locale: 'zh-CN',
          channel: 'sms',
          body: '\n{{ customer.name }}您好,<新品> & 优惠。回复TD退订\n',
        },
        { customer: { name: '王<芳>' } },
      ),
    ).toEqual({
      channel: 'sms',
      text: '王<芳>您好,<新品> & 优惠。回复TD退订',
      segments: { count: 1, encoding: 'UCS-2', characters: 23 },
    });
  });

  it('has no subject or html', async () => {
    const rendered = await renderTemplate(
      { name: 't', locale: 'en', channel: 'sms', subject: 'ignored', body: 'Hi' },
      {},
    );
    expect(rendered).toEqual({
      channel: 'sms',
      text: 'Hi',
      segments: { count: 1, encoding: 'GSM-7', characters: 2 },
    });
  });

  it('counts segments: 160 GSM-7 characters fit one, 161 need two of 153; Chinese needs UCS-2 at 70', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ count: 1, encoding: 'GSM-7', characters: 160 });
    expect(smsSegments('a'.repeat(161))).toEqual({ count: 2, encoding: 'GSM-7', characters: 161 });
    expect(smsSegments('好'.repeat(70))).toEqual({ count: 1, encoding: 'UCS-2', characters: 70 });
    expect(smsSegments('好'.repeat(71))).toEqual({ count: 2, encoding: 'UCS-2', characters: 71 });
  });
});

describe('parseTemplateFile', () => {
  it('splits front matter and body', () => {
    expect(parseTemplateFile('---\nsubject: Hello {{ customer.name }}\n---\n<p>Hi</p>\n')).toEqual({
      attributes: { subject: 'Hello {{ customer.name }}' },
      body: '<p>Hi</p>\n',
    });
  });

  it('reads several attributes, strips surrounding double quotes, ignores junk lines', () => {
    expect(
      parseTemplateFile(
        '---\nsubject: "Hi: there"\npreheader:  short note\n# comment\n  indented: no\n---\nBody',
      ),
    ).toEqual({ attributes: { subject: 'Hi: there', preheader: 'short note' }, body: 'Body' });
  });

  it('handles CRLF line endings', () => {
    expect(parseTemplateFile('---\r\nsubject: 你好\r\n---\r\n<p>正文</p>')).toEqual({
      attributes: { subject: '你好' },
      body: '<p>正文</p>',
    });
  });

  it('returns the whole content as body when there is no front matter', () => {
    expect(parseTemplateFile('Hi {{ customer.name }}, see you soon')).toEqual({
      attributes: {},
      body: 'Hi {{ customer.name }}, see you soon',
    });
    expect(parseTemplateFile('--- not front matter\nbody')).toEqual({
      attributes: {},
      body: '--- not front matter\nbody',
    });
  });

  it('allows an empty body', () => {
    expect(parseTemplateFile('---\nsubject: x\n---\n')).toEqual({ attributes: { subject: 'x' }, body: '' });
  });
});

describe('localeChain', () => {
  it('goes from most specific to the fallback', () => {
    expect(localeChain('zh-CN')).toEqual(['zh-CN', 'zh', 'en']);
    expect(localeChain('zh-Hant-TW')).toEqual(['zh-Hant-TW', 'zh-Hant', 'zh', 'en']);
    expect(localeChain('en-GB')).toEqual(['en-GB', 'en']);
    expect(localeChain('en')).toEqual(['en']);
    expect(localeChain('de')).toEqual(['de', 'en']);
    expect(localeChain('de-AT', 'zh-CN')).toEqual(['de-AT', 'de', 'zh-CN']);
  });
});

describe('htmlToText', () => {
  it('turns paragraphs and breaks into newlines', () => {
    expect(htmlToText('<p>One</p><p>Two<br>Three<br/>Four<br />Five</p>')).toBe(
      'One\n\nTwo\nThree\nFour\nFive',
    );
  });

  it('writes links as label (url), or just the url when the label is the url', () => {
    expect(htmlToText('<p>See <a href="https://example.com/p">our catalogue</a>.</p>')).toBe(
      'See our catalogue (https://example.com/p).',
    );
    expect(htmlToText('<a class="x" href="https://example.com">https://example.com</a>')).toBe(
      'https://example.com',
    );
  });

  it('writes list items with dashes', () => {
    expect(htmlToText('<ul><li>Sofa</li><li class="x">Lamp</li></ul>')).toBe('- Sofa\n\n- Lamp');
  });

  it('drops scripts, styles and other tags', () => {
    expect(
      htmlToText('<style>p{color:red}</style><div><b>Bold</b> <i>it</i></div><script>alert(1)</script>'),
    ).toBe('Bold it');
  });

  it('decodes the common entities once', () => {
    expect(htmlToText('&lt;b&gt; &amp; &quot;q&quot; &#39;s&#39;&nbsp;x &amp;lt;')).toBe(
      `<b> & "q" 's' x &lt;`,
    );
  });

  it('collapses runs of blank lines and trims', () => {
    expect(htmlToText('  <p>a</p>\n\n\n\n<p>b</p>  \n  ')).toBe('a\n\nb');
  });
});
