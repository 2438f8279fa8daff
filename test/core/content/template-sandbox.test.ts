import { describe, expect, it } from 'vitest';
import { htmlToText, renderTemplate, type TemplateSource } from '../../../functions/core/content/render';
import { templateProblems } from '../../../functions/core/content/template-check';

// Files a template would read if Liquid could reach the file system: the project's own,
// a relative and a `..` path out of the working directory, and absolute system files.
const PATHS = [
  'package.json',
  './package.json',
  '../main/package.json',
  '../../etc/passwd',
  '/etc/passwd',
  '/etc/hostname',
];
const TAGS = ['include', 'render', 'layout'] as const;

const email = (part: 'subject' | 'body' | 'text', source: string): TemplateSource => ({
  name: 't',
  locale: 'en',
  channel: 'email',
  subject: part === 'subject' ? source : 'Hi',
  body: part === 'body' ? source : '<p>x</p>',
  ...(part === 'text' ? { text: source } : {}),
});
const sms = (body: string): TemplateSource => ({ name: 't', locale: 'en', channel: 'sms', body });

describe('templates cannot read files', () => {
  for (const tag of TAGS) {
    for (const path of PATHS) {
      for (const quoted of [`'${path}'`, `"${path}"`]) {
        it(`refuses {% ${tag} ${quoted} %} in every part and channel, naming the tag`, async () => {
          for (const source of [
            email('body', `<p>{% ${tag} ${quoted} %}</p>`),
            email('subject', `{% ${tag} ${quoted} %}`),
            email('text', `{% ${tag} ${quoted} %}`),
            sms(`Hello {% ${tag} ${quoted} %}`),
          ]) {
            await expect(renderTemplate(source, {})).rejects.toThrow(`the "${tag}" tag is not allowed`);
          }
        });
      }
    }
  }

  it('refuses the tags inside {% liquid %}, with whitespace control and a variable path', async () => {
    for (const body of [
      "{% liquid\n  include 'package.json'\n%}",
      "{%- render 'package.json' -%}",
      '{% include customer.file %}',
      "{% layout 'package.json' %}{% block x %}y{% endblock %}",
    ]) {
      await expect(renderTemplate(sms(body), { customer: { file: 'package.json' } }), body).rejects.toThrow(
        /tag is not allowed/,
      );
    }
  });

  it('points the editor at the tag: field, line and column', async () => {
    expect(await templateProblems(email('body', "<p>Hello</p>\n  {% include 'package.json' %}"), {})).toEqual(
      [
        {
          field: 'body',
          line: 2,
          column: 3,
          message: 'the "include" tag is not allowed: templates cannot read other files',
        },
      ],
    );
  });

  it('never shows a file’s text in a rendered message', async () => {
    for (const tag of TAGS) {
      let rendered = '';
      try {
        rendered = JSON.stringify(await renderTemplate(sms(`{% ${tag} 'package.json' %}`), {}));
      } catch {
        // refused, as it should be
      }
      expect(rendered).not.toContain('nurture-engine');
    }
  });
});

describe('rendering stays bounded on hostile markup', () => {
  it('derives the text of 2,000 unclosed links in a row in well under a second', async () => {
    const started = performance.now();
    const rendered = await renderTemplate(email('body', '{% for i in (1..2000) %}<a href="{% endfor %}'), {});
    expect(performance.now() - started).toBeLessThan(500);
    if (rendered.channel !== 'email') throw new Error('expected email');
    expect(rendered.text.length).toBeGreaterThan(0);
  });

  it('stays linear on other inputs that backtrack: unclosed tags, long blank runs, nested links', () => {
    for (const html of [
      '<'.repeat(50_000),
      `<a href="x">${'<a href="y">'.repeat(5_000)}`,
      `<p>${' '.repeat(100_000)}x</p>`,
      `<script>${'<script>'.repeat(10_000)}`,
      '&#'.repeat(50_000),
    ]) {
      const started = performance.now();
      htmlToText(html);
      expect(performance.now() - started, html.slice(0, 20)).toBeLessThan(500);
    }
  });

  it('refuses a rendered part over the size limit, naming it', async () => {
    await expect(
      renderTemplate(email('body', '{% for i in (1..70000) %}<p>abcdefgh</p>{% endfor %}'), {}),
    ).rejects.toThrow(/rendered HTML is over the 512 KB limit/);
    await expect(renderTemplate(sms('{% for i in (1..60000) %}abcdefghij{% endfor %}'), {})).rejects.toThrow(
      /rendered SMS is over the 512 KB limit/,
    );
  });

  it('keeps the text of ordinary markup as before: links, entities, stray angle brackets', () => {
    expect(htmlToText('<p>1 < 2 and <a href="https://x.example/?a=1&amp;b=2">the list</a></p>')).toBe(
      '1 < 2 and the list (https://x.example/?a=1&b=2)',
    );
    expect(htmlToText('<p>&#128512; &#xFFFFFFF; &bogus;</p>')).toBe('😀 &#xFFFFFFF; &bogus;');
  });
});
