import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type OccasionVariables, sampleOccasion } from '../functions/core/content/occasion-variables';
import { type RenderedMessage, renderTemplate } from '../functions/core/content/render';
import { type Channel, type Customer, customerInputSchema } from '../functions/core/customers/customer';
import { loadTemplateDir } from '../functions/engine/content/templates';
import { templateVariables } from '../functions/engine/send/render-request';

// Every marketer's template, rendered in both locales and on both channels
// against a realistic customer, the way the engine sends it.

const TEMPLATES_DIR = join(import.meta.dirname, '..', 'templates');
const BUSINESS = "Lin's Furniture";
const TODAY = '2027-03-01';
const UNSUBSCRIBE_URL = 'https://example.com/u/t';
const LOCALES = ['en', 'zh-CN'] as const;
const CHANNELS: Channel[] = ['email', 'sms'];

const catalog = loadTemplateDir(TEMPLATES_DIR);
const names = readdirSync(join(TEMPLATES_DIR, 'messages'))
  .filter((name) => statSync(join(TEMPLATES_DIR, 'messages', name)).isDirectory())
  .sort();

/** Templates for the owner or owed to the customer (order progress, an owner's answer): no unsubscribe link, no STOP hint. */
const isTransactional = (name: string) =>
  name.startsWith('order-') ||
  name.startsWith('owner-') ||
  name === 'reply-ack' ||
  name === 'sms-help' ||
  name === 'answer-from-owner';
const channelsOf = (name: string): Channel[] =>
  name.startsWith('owner-') ? ['email'] : name === 'sms-help' ? ['sms'] : CHANNELS;

function customerFrom(input: unknown): Customer {
  const parsed = customerInputSchema.parse(input);
  return { ...parsed, customerId: parsed.customerId ?? 'C-sample' };
}

const sampleInput = JSON.parse(readFileSync(join(TEMPLATES_DIR, 'sample-customer.json'), 'utf8')) as Record<
  string,
  unknown
>;
const sample = customerFrom(sampleInput);

function render(
  name: string,
  locale: string,
  channel: Channel,
  customer: Customer = sample,
  occasion: Partial<OccasionVariables> = sampleOccasion(name, locale, TODAY),
): Promise<RenderedMessage> {
  const source = catalog.resolve(name, channel, locale);
  return renderTemplate(
    source,
    templateVariables(customer, BUSINESS, {
      message: { id: '0123456789abcdef0123' },
      unsubscribeUrl: channel === 'email' ? UNSUBSCRIBE_URL : null,
      ...occasion,
    }),
  );
}

/** Everything the rendered message shows a reader. */
const visible = (message: RenderedMessage) =>
  message.channel === 'email' ? [message.subject, message.html, message.text].join('\n') : message.text;

describe('the template catalog', () => {
  it('parses the sample customer, with every field of the customer file filled', () => {
    for (const [field, value] of Object.entries(templateVariables(sample, BUSINESS).customer as object)) {
      expect(value, field).not.toBeNull();
    }
  });

  it.each(names)('%s has both locales on every channel it needs', (name) => {
    for (const channel of channelsOf(name)) {
      for (const locale of LOCALES) {
        expect(catalog.resolve(name, channel, locale).locale, `${name} ${locale} ${channel}`).toBe(locale);
      }
    }
    if (name.startsWith('owner-')) {
      expect(() => catalog.resolve(name, 'sms', 'en')).toThrow(/no sms version/);
    }
  });

  it('has a template for every festival in templates/festivals.json', () => {
    const { festivals } = JSON.parse(readFileSync(join(TEMPLATES_DIR, 'festivals.json'), 'utf8')) as {
      festivals: Record<string, { template: string }>;
    };
    const wanted = [...new Set(Object.values(festivals).map((festival) => festival.template))];
    expect(wanted.length).toBeGreaterThan(0);
    expect(wanted.filter((template) => !catalog.has(template))).toEqual([]);
  });
});

describe.each(names)('template %s', (name) => {
  const cases = LOCALES.flatMap((locale) => channelsOf(name).map((channel) => ({ locale, channel })));

  it.each(cases)('renders $locale $channel for the sample customer', async ({ locale, channel }) => {
    const message = await render(name, locale, channel);
    const shown = visible(message);
    expect(message.text.trim()).not.toBe('');
    expect(shown).not.toMatch(/\{\{|\{%|%\}|\}\}/);
    expect(shown).not.toMatch(/undefined|NaN|\[object /);
    if (message.channel === 'email') {
      expect(message.subject).not.toBe('');
      expect(message.html).toContain(sample.name);
      if (isTransactional(name)) {
        expect(message.html).not.toContain(UNSUBSCRIBE_URL);
      } else {
        expect(message.html).toContain(`href="${UNSUBSCRIBE_URL}"`);
      }
    } else {
      expect(message.segments.count, `${name} ${locale}: ${message.text}`).toBeLessThanOrEqual(2);
      if (!isTransactional(name)) {
        expect(message.text).toMatch(locale === 'en' ? /Reply STOP to opt out\.$/ : /回复TD退订$/);
      }
    }
  });

  it.each(cases)(
    'renders $locale $channel when the customer file and the occasion are sparse',
    async ({ locale, channel }) => {
      const bare = customerFrom({ customerId: 'C-2048', name: 'Chen Jing', email: 'chen.jing@example.com' });
      const message = await render(name, locale, channel, bare, sparse(sampleOccasion(name, locale, TODAY)));
      expect(message.text.trim()).not.toBe('');
      expect(visible(message)).not.toMatch(/\{\{|\{%|undefined|NaN|\[object /);
      if (message.channel === 'sms') expect(message.segments.count).toBeLessThanOrEqual(2);
    },
  );
});

describe('English SMS', () => {
  // A Latin-script name keeps an English text in GSM-7, 160 characters a segment.
  const latin = customerFrom({
    ...sampleInput,
    name: 'Emily Carter',
    city: 'Vancouver',
    region: 'BC',
    country: 'CA',
    hobbies: ['sailing'],
    owner: { name: 'Tom Lin', email: 'tom.lin@example.com', phone: '+1 604 555 0134' },
  });

  it.each(names.filter((name) => channelsOf(name).includes('sms')))(
    '%s stays GSM-7 in one segment for a Latin-script customer',
    async (name) => {
      const message = await render(name, 'en', 'sms', latin);
      if (message.channel !== 'sms') throw new Error('expected an SMS');
      expect(message.segments.encoding, message.text).toBe('GSM-7');
      expect(message.segments.count, message.text).toBe(1);
    },
  );
});

describe('the monthly letter', () => {
  it('has a subject unique to each customer', async () => {
    const other = customerFrom({ ...sampleInput, customerId: 'C-2048', name: '陈静' });
    for (const locale of LOCALES) {
      const first = await render('monthly-letter', locale, 'email');
      const second = await render('monthly-letter', locale, 'email', other);
      if (first.channel !== 'email' || second.channel !== 'email') throw new Error('expected email');
      expect(first.subject).toContain(sample.name);
      expect(second.subject).toContain('陈静');
      expect(first.subject).not.toBe(second.subject);
    }
  });

  it('names the month in the subject and changes its tip from month to month', async () => {
    const march = await render('monthly-letter', 'en', 'email');
    const april = await render(
      'monthly-letter',
      'en',
      'email',
      sample,
      sampleOccasion('monthly-letter', 'en', '2027-04-01'),
    );
    if (march.channel !== 'email' || april.channel !== 'email') throw new Error('expected email');
    expect(march.subject).toBe(`王芳, your March letter from ${BUSINESS}`);
    expect(april.subject).toContain('April');
    expect(april.text).not.toBe(march.text.replace('March', 'April'));
  });
});

describe('the monthly letter through the year', () => {
  const months = Array.from({ length: 12 }, (_, i) => `2027-${String(i + 1).padStart(2, '0')}-01`);

  it.each(['CN', 'AU', 'SG'])('has a different letter every month for a customer in %s', async (country) => {
    const customer = customerFrom({ ...sampleInput, country });
    for (const locale of LOCALES) {
      const bodies: string[] = [];
      for (const day of months) {
        const message = await render(
          'monthly-letter',
          locale,
          'email',
          customer,
          sampleOccasion('monthly-letter', locale, day),
        );
        if (message.channel !== 'email') throw new Error('expected email');
        expect(message.text).toMatch(locale === 'en' ? /A small tip for \w+: \S/ : /小贴士:\S/);
        bodies.push(message.text);
      }
      expect(new Set(bodies).size).toBe(12);
    }
  });

  it('follows the seasons of the southern hemisphere', async () => {
    const sydney = customerFrom({ ...sampleInput, country: 'AU', city: 'Sydney' });
    const july = await render(
      'monthly-letter',
      'en',
      'email',
      sydney,
      sampleOccasion('monthly-letter', 'en', '2027-07-01', 'AU'),
    );
    const january = await render(
      'monthly-letter',
      'en',
      'email',
      sample,
      sampleOccasion('monthly-letter', 'en', '2027-01-01'),
    );
    expect(july.text).toContain('keeping warm this winter in Sydney');
    expect(january.text).toContain('keeping warm this winter in 杭州');
  });
});

/** The occasion with every nullable detail unknown, as a sparse deal or profile gives it. */
function sparse(occasion: Partial<OccasionVariables>): Partial<OccasionVariables> {
  const out: Partial<OccasionVariables> = { ...occasion };
  if (out.deal) {
    out.deal = { ...out.deal, items: [], itemNames: '', amount: null, currency: null, expectedOn: null };
  }
  if (out.purchase) out.purchase = { ...out.purchase, item: null, years: 3 };
  if (out.birthday) out.birthday = { ...out.birthday, age: null };
  if (out.anniversary) out.anniversary = { ...out.anniversary, years: null };
  if (out.chase) out.chase = { ...out.chase, subject: null };
  if ('lastContactOn' in out) out.lastContactOn = null;
  return out;
}
