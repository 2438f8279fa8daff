import { type Channel, type Customer, customerInputSchema } from '../core/customer';
import { NotFoundError, ValidationError } from '../core/errors';
import { localClock } from '../core/local-time';
import { sampleOccasion } from '../core/occasions';
import { type RenderedMessage, renderTemplate } from '../core/render';
import { parseOrThrow } from '../core/validation';
import type { EngineDeps } from './deps';
import { templateVariables } from './send';

export interface PreviewRequest {
  template: string;
  channel: Channel;
  customerId?: string;
  customer?: unknown;
  locale?: string;
}

export type Preview = RenderedMessage & { template: string; locale: string };

/**
 * Renders a template for a real or sample customer with plausible occasion
 * variables, exactly as a send would; a template error comes back as a 422
 * naming the line.
 */
export async function previewTemplate(deps: EngineDeps, request: PreviewRequest): Promise<Preview> {
  let customer: Customer;
  if (request.customerId !== undefined) {
    const record = await deps.store.customers.get(request.customerId);
    if (!record) throw new NotFoundError(`customer ${request.customerId} not found`);
    customer = record.customer;
  } else if (request.customer !== undefined) {
    const parsed = parseOrThrow(customerInputSchema, request.customer, 'customer');
    customer = { ...parsed, customerId: parsed.customerId ?? 'preview' };
  } else {
    throw new ValidationError('invalid preview request: give customerId or customer', [
      { path: 'customerId', message: 'give customerId or customer' },
    ]);
  }
  const locale = request.locale ?? customer.locale;
  const source = deps.templates.resolve(request.template, request.channel, locale);
  const today = localClock(deps.clock.now(), customer.timezone).date;
  const variables = templateVariables(customer, deps.settings.businessName, {
    message: { id: 'preview' },
    unsubscribeUrl: request.channel === 'email' ? `${deps.settings.publicUrl}/u/preview` : null,
    ...sampleOccasion(request.template, locale, today, customer.country),
  });
  try {
    return { ...renderTemplate(source, variables), template: request.template, locale: source.locale };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new TemplateError(
      `template ${request.template} (${source.locale}, ${request.channel}): ${message}`,
    );
  }
}

/** A template that does not render: the marketer's error, shown as it is. */
export class TemplateError extends ValidationError {
  constructor(message: string) {
    super(message, [{ path: 'template', message }]);
  }
}
