import { localClock } from '../../core/calendars/local-time';
import type { TemplateText } from '../../core/content/content-versions';
import { sampleOccasion } from '../../core/content/occasion-variables';
import type { RenderedMessage, TemplateSource } from '../../core/content/render';
import { renderOrExplain } from '../../core/content/template-check';
import { type Channel, type Customer, customerInputSchema } from '../../core/customers/customer';
import { NotFoundError, TemplateError, ValidationError } from '../../core/errors';
import { parseOrThrow } from '../../core/validation';
import type { EngineDeps, StoreDeps } from '../deps';
import { templateVariables } from '../send/render-request';

export { TemplateError };

export interface PreviewRequest {
  template: string;
  channel: Channel;
  customerId?: string;
  customer?: unknown;
  locale?: string;
  /** Unsaved source to render instead of the live one. */
  draft?: TemplateText;
}

export type Preview = RenderedMessage & { template: string; locale: string };

/**
 * The variables a send would give `template` for `customer`, with plausible
 * occasion values (a festival, a deal, a chase) for what only a real
 * occasion fills in.
 */
export function sampleVariables(
  deps: Pick<EngineDeps, 'clock' | 'settings'>,
  customer: Customer,
  template: string,
  channel: Channel,
  locale: string,
): Record<string, unknown> {
  const today = localClock(deps.clock.now(), customer.timezone).date;
  return templateVariables(customer, deps.settings.businessName, {
    message: { id: 'preview' },
    unsubscribeUrl: channel === 'email' ? `${deps.settings.publicUrl}/u/preview` : null,
    ...sampleOccasion(template, locale, today, customer.country),
  });
}

async function previewCustomer(deps: StoreDeps<'customers'>, request: PreviewRequest): Promise<Customer> {
  if (request.customerId !== undefined) {
    const record = await deps.store.customers.get(request.customerId);
    if (!record) throw new NotFoundError(`customer ${request.customerId} not found`);
    return record.customer;
  }
  if (request.customer !== undefined) {
    const parsed = parseOrThrow(customerInputSchema, request.customer, 'customer');
    return { ...parsed, customerId: parsed.customerId ?? 'preview' };
  }
  throw new ValidationError('invalid preview request: give customerId or customer', [
    { path: 'customerId', message: 'give customerId or customer' },
  ]);
}

/**
 * Renders a template (its live source, or an unsaved `draft`) for a real or
 * sample customer exactly as a send would; a template error comes back as a
 * 422 naming the line and column. A draft costs no store read beyond the customer.
 */
export async function previewTemplate(
  deps: Pick<EngineDeps, 'clock' | 'settings' | 'templates'> & StoreDeps<'customers'>,
  request: PreviewRequest,
): Promise<Preview> {
  const customer = await previewCustomer(deps, request);
  const locale = request.locale ?? customer.locale;
  const source: TemplateSource = request.draft
    ? { ...request.draft, name: request.template, channel: request.channel, locale }
    : await deps.templates.resolve(request.template, request.channel, locale);
  const variables = sampleVariables(deps, customer, request.template, request.channel, locale);
  return { ...(await renderOrExplain(source, variables)), template: request.template, locale: source.locale };
}

/** The dotted names a template may read (`customer.name`, `festival.date`…), from the sample's variables. */
export function variableNames(variables: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(variables).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? variableNames(value as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}
