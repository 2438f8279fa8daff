import { randomUUID } from 'node:crypto';
import { localClock } from '../../core/calendars/local-time';
import { sampleOccasion } from '../../core/content/occasion-variables';
import type { RenderedMessage } from '../../core/content/render';
import type { Channel, Customer } from '../../core/customers/customer';
import { NotFoundError, ProviderError, ValidationError } from '../../core/errors';
import type { DraftMessage } from '../../ports/store/index';
import type { EngineDeps, StoreDeps } from '../deps';
import { renderRequest } from '../send/render-request';
import { jobFor } from '../send/send-message';
import type { SendRequest } from '../send/send-request';

export interface TestSend {
  template: string;
  channel: Channel;
  locale: string;
  /** Where it goes: the address or phone given, else the signed-in user's email. */
  to?: string;
  /** Whose file fills the variables; the sample customer when absent. */
  customerId?: string;
}

/** The rule name a test carries in the provider's tags and the local outbox. */
export const TEST_RULE = 'test-send';

/** What tells the reader it is a test, in the template's language. */
const marker = (locale: string) => (locale.toLowerCase().startsWith('zh') ? '【测试】' : '[Test] ');

function marked(rendered: RenderedMessage, locale: string): RenderedMessage {
  return rendered.channel === 'email'
    ? { ...rendered, subject: `${marker(locale)}${rendered.subject}` }
    : { ...rendered, text: `${marker(locale)}${rendered.text}` };
}

/**
 * Sends a template, rendered for a customer (the sample one by default) in a
 * locale, to the marketer's own address through the send queue and the real
 * provider. It is marked a test: no customer's timeline, no frequency cap, no
 * template counter, and its subject (or SMS) says so.
 */
export async function sendTest(
  deps: Pick<EngineDeps, 'clock' | 'content' | 'log' | 'sendQueue' | 'settings' | 'templates'> &
    StoreDeps<'customers'>,
  request: TestSend,
  userEmail: string | undefined,
): Promise<{ messageId: string; to: string; subject?: string }> {
  const to = request.to ?? (request.channel === 'email' ? userEmail : undefined);
  if (!to) {
    const message =
      request.channel === 'email' ? 'give an address to send the test to' : 'give a phone number';
    throw new ValidationError(`invalid test send: to: ${message}`, [{ path: 'to', message }]);
  }
  await deps.content.refresh();
  if (!deps.templates.has(request.template)) throw new NotFoundError(`no template named ${request.template}`);
  let customer: Customer = deps.content.files.sampleCustomer;
  if (request.customerId) {
    const record = await deps.store.customers.get(request.customerId);
    if (!record) throw new NotFoundError(`customer ${request.customerId} not found`);
    customer = record.customer;
  }
  const reader: Customer = {
    ...customer,
    locale: request.locale,
    ...(request.channel === 'email' ? { email: to } : { phone: to }),
  };
  const id = `test-${randomUUID()}`;
  const today = localClock(deps.clock.now(), reader.timezone).date;
  const send: SendRequest = {
    rule: TEST_RULE,
    occurrence: id,
    template: request.template,
    channel: request.channel,
    kind: 'transactional',
    variables: sampleOccasion(request.template, request.locale, today, reader.country),
  };
  const { source, rendered, unsubscribeUrl } = await renderRequest(deps, reader, send, { id, to });
  const test = marked(rendered, source.locale);
  const draft: DraftMessage = {
    id,
    customerId: TEST_RULE,
    channel: request.channel,
    to,
    ...(test.channel === 'email' ? { subject: test.subject } : {}),
    text: test.text.slice(0, 240),
    rule: TEST_RULE,
    occurrence: id,
    template: request.template,
    locale: source.locale,
    at: deps.clock.now().toISOString(),
  };
  const built = jobFor(draft, test, send, deps.settings, unsubscribeUrl);
  const job =
    built.channel === 'email'
      ? {
          ...built,
          test: true as const,
          email: { ...built.email, headers: { ...built.email.headers, 'X-Nurture-Test': 'true' } },
        }
      : { ...built, test: true as const };
  const outcome = await deps.sendQueue.enqueue(job);
  if (outcome.status === 'failed') throw new ProviderError(`the test could not be sent: ${outcome.error}`);
  deps.log('template.test-sent', { template: request.template, channel: request.channel, messageId: id });
  return { messageId: id, to, ...(test.channel === 'email' ? { subject: test.subject } : {}) };
}
