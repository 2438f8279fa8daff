import { describe, expect, it } from 'vitest';
import type { TemplateSource } from '../../../functions/core/content/render';
import { templateProblems } from '../../../functions/core/content/template-check';

const context = { customer: { name: '王芳', city: null }, owner: { name: '林伟' } };
const email = (parts: Partial<TemplateSource>): TemplateSource => ({
  name: 'hello',
  locale: 'en',
  channel: 'email',
  subject: 'Hello {{ customer.name }}',
  body: '<p>Hi</p>',
  ...parts,
});

describe('templateProblems', () => {
  it('finds nothing in a source that renders', async () => {
    expect(
      await templateProblems(
        email({ body: '<p>{{ customer.name }}{% if customer.city %}!{% endif %}</p>' }),
        context,
      ),
    ).toEqual([]);
  });

  it('names a misspelt variable with its line and column in the body', async () => {
    expect(
      await templateProblems(email({ body: '<p>Dear</p>\n<p>{{ customer.nmae }}</p>' }), context),
    ).toEqual([{ field: 'body', line: 2, column: 7, message: 'undefined variable: customer.nmae' }]);
  });

  it('names the subject when the subject is wrong', async () => {
    expect(
      await templateProblems(email({ subject: 'Hi {{ owner.name | upcase | nope }}' }), context),
    ).toEqual([{ field: 'subject', line: 1, column: 4, message: 'undefined filter: nope' }]);
  });

  it('names the text part, and a tag left open', async () => {
    expect(await templateProblems(email({ text: 'line one\n{% for x in y %}' }), context)).toEqual([
      { field: 'text', line: 2, column: 1, message: expect.stringContaining('not closed') },
    ]);
  });

  it('checks an SMS body as plain text', async () => {
    const sms: TemplateSource = {
      name: 'hello',
      locale: 'en',
      channel: 'sms',
      body: 'Hi {{ customer.name }} {{ x',
    };
    expect(await templateProblems(sms, context)).toEqual([
      { field: 'body', line: 1, column: expect.any(Number), message: expect.any(String) },
    ]);
  });
});
