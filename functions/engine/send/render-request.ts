import type { RenderedMessage, TemplateSource } from '../../core/content/render';
import { renderOrExplain } from '../../core/content/template-check';
import { type Customer, customerFields } from '../../core/customers/customer';
import { unsubscribeToken } from '../../core/sending/unsubscribe-token';
import type { EngineDeps } from '../deps';
import type { SendRequest } from './send-request';

/**
 * The variables every template sees. Every customer field is present (null
 * when unknown), so strict rendering rejects only a misspelt name.
 */
export function templateVariables(
  customer: Customer,
  businessName: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const profile: Record<string, unknown> = {};
  for (const field of customerFields()) {
    if (field !== 'consent') profile[field] = customer[field] ?? null;
  }
  profile.customerId = customer.customerId;
  const owner = {
    name: customer.owner?.name ?? null,
    email: customer.owner?.email ?? null,
    phone: customer.owner?.phone ?? null,
  };
  return { customer: profile, owner, business: { name: businessName }, unsubscribeUrl: null, ...extra };
}

/**
 * The message a request renders for the customer, as it will be sent to `to`.
 * A template that cannot render for this customer (a variable the occasion
 * does not give) is a 422 naming the variable, not a failed send.
 */
export async function renderRequest(
  deps: Pick<EngineDeps, 'settings' | 'templates'>,
  customer: Customer,
  request: SendRequest,
  message: { id: string; to: string },
): Promise<{ source: TemplateSource; rendered: RenderedMessage; unsubscribeUrl: string }> {
  const source = await deps.templates.resolve(request.template, request.channel, customer.locale);
  const { settings } = deps;
  const unsubscribeUrl = `${settings.publicUrl}/u/${unsubscribeToken(customer.customerId, request.channel, settings.signingKey, message.to)}`;
  const rendered = await renderOrExplain(
    source,
    templateVariables(customer, settings.businessName, {
      ...request.variables,
      message: { id: message.id },
      ...(request.kind === 'marketing' && !request.toOwner ? { unsubscribeUrl } : {}),
    }),
  );
  return { source, rendered, unsubscribeUrl };
}
