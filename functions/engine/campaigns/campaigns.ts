import { createHash } from 'node:crypto';
import { type CampaignSpec, campaignVariables } from '../../core/campaigns/campaign';
import { zeroCounts } from '../../core/campaigns/campaign-progress';
import { campaignRequestSchema, campaignSpecOf } from '../../core/campaigns/campaign-request';
import { offerCodeFor } from '../../core/campaigns/offers';
import { type RenderedMessage, renderTemplate } from '../../core/content/render';
import type { Channel, Customer } from '../../core/customers/customer';
import { IdempotencyKeyReusedError, TemplateError, ValidationError } from '../../core/errors';
import { type EngineState, emptyState } from '../../core/planning/state';
import type { Actor } from '../../core/team/roles';
import { parseOrThrow } from '../../core/validation';
import { recordAudit } from '../audit/audit';
import type { EngineDeps, StoreDeps } from '../deps';
import { templateVariables } from '../send/render-request';
import { type CampaignView, getCampaign, viewOf } from './campaign-views';
import { countSegment, resolveSegment, type SegmentCount } from './segments';

const channelsOf = (spec: CampaignSpec): Channel[] =>
  spec.channels === 'email-then-sms' ? ['email', 'sms'] : [spec.channels];

/** A customer with every field unknown: what strict rendering must survive. */
const sparseCustomer = (name: string): Customer => ({
  customerId: 'preview',
  name,
  locale: 'en',
  timezone: 'UTC',
  consent: { email: true, sms: true },
});

async function render(
  deps: Pick<EngineDeps, 'settings' | 'templates'>,
  spec: CampaignSpec,
  customer: Customer,
  state: EngineState,
  template: string,
  channel: Channel,
  locale: string,
): Promise<RenderedMessage & { locale: string }> {
  const source = await deps.templates.resolve(template, channel, locale);
  const variables = templateVariables(customer, deps.settings.businessName, {
    message: { id: 'preview' },
    unsubscribeUrl: channel === 'email' ? `${deps.settings.publicUrl}/u/preview` : null,
    ...campaignVariables(spec, state, locale),
  });
  try {
    return { ...(await renderTemplate(source, variables)), locale: source.locale };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new TemplateError(`template ${template} (${source.locale}, ${channel}): ${message}`);
  }
}

/** The state with the recipient's offer code on it, exactly as the fan-out will give it. */
function withOffer(
  deps: Pick<EngineDeps, 'settings'>,
  spec: CampaignSpec,
  state: EngineState,
  customerId: string,
): EngineState {
  if (!spec.offer || state.offers.some((o) => o.campaignId === spec.id)) return state;
  const code = offerCodeFor(deps.settings.signingKey, spec.id, customerId, spec.offer.prefix);
  return {
    ...state,
    offers: [...state.offers, { campaignId: spec.id, code, expiresOn: spec.offer.expiresOn }],
  };
}

/**
 * Every template the campaign sends must exist on every channel it may use
 * and render, in every locale it has, with the campaign's own variables:
 * a campaign that would fail for its recipients is refused before it starts.
 */
async function checkTemplates(
  deps: Pick<EngineDeps, 'content' | 'settings' | 'templates'>,
  spec: CampaignSpec,
): Promise<void> {
  await deps.content.refresh();
  for (const send of spec.sends) {
    const path =
      spec.kind === 'visit' ? `templates.${send.key.endsWith(':before') ? 'before' : 'arrival'}` : 'template';
    if (!deps.templates.has(send.template)) {
      throw new ValidationError(`invalid campaign: ${path}: no template named ${send.template}`, [
        { path, message: `no template named ${send.template}` },
      ]);
    }
    for (const channel of channelsOf(spec)) {
      const locales = deps.templates
        .list()
        .filter((s) => s.name === send.template && s.channel === channel)
        .map((s) => s.locale);
      if (locales.length === 0) {
        throw new ValidationError(
          `invalid campaign: channels: template ${send.template} has no ${channel} version`,
          [{ path: 'channels', message: `template ${send.template} has no ${channel} version` }],
        );
      }
      const state = withOffer(deps, spec, emptyState, 'preview');
      for (const locale of locales) {
        await render(
          deps,
          spec,
          { ...sparseCustomer('Preview'), locale },
          state,
          send.template,
          channel,
          locale,
        );
      }
    }
  }
}

const campaignIdFor = (key: string | undefined, newId: () => string) =>
  key === undefined ? `cmp-${newId()}` : `cmp-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;

export type CreateCampaignResult =
  | { status: 'created' | 'existing'; campaign: CampaignView }
  | {
      status: 'dry-run';
      campaign: Omit<CampaignView, 'status' | 'progress' | 'fanOut' | 'cancelledAt'>;
      audience: SegmentCount;
      preview: Preview | null;
      previews: Preview[];
    };

/** The campaign an earlier request under the same key made, refused if that request was another. */
async function earlierCampaign(
  deps: Pick<EngineDeps, 'clock'> & StoreDeps<'campaigns'>,
  id: string,
  key: string,
  requestDigest: string | undefined,
): Promise<CreateCampaignResult | undefined> {
  const existing = await deps.store.campaigns.get(id);
  if (!existing) return undefined;
  if (existing.spec.requestDigest !== undefined && existing.spec.requestDigest !== requestDigest) {
    throw new IdempotencyKeyReusedError(key, `campaign ${id} was made from another request`);
  }
  return { status: 'existing', campaign: await getCampaign(deps, id) };
}

/**
 * `POST /v1/campaigns`: validates everything (segment, templates, send time,
 * offer, visit), refuses a segment that matches nobody, then saves the
 * campaign and arms its fan-out. The same `Idempotency-Key` gives the same
 * campaign. A dry run counts the audience and renders a preview for one
 * recipient, and writes nothing.
 */
export async function createCampaign(
  deps: Pick<
    EngineDeps,
    'clock' | 'content' | 'log' | 'rules' | 'scheduler' | 'settings' | 'templates' | 'tiers'
  > &
    StoreDeps<'campaigns' | 'customers' | 'directory' | 'segments' | 'audit'>,
  body: unknown,
  options: { idempotencyKey?: string; newId: () => string; by: Actor },
): Promise<CreateCampaignResult> {
  const request = parseOrThrow(campaignRequestSchema, body, 'campaign');
  const now = deps.clock.now();
  const id = campaignIdFor(options.idempotencyKey, options.newId);
  const requestDigest =
    options.idempotencyKey === undefined
      ? undefined
      : createHash('sha256').update(JSON.stringify(request)).digest('hex');
  if (options.idempotencyKey !== undefined && !request.dryRun) {
    const existing = await earlierCampaign(deps, id, options.idempotencyKey, requestDigest);
    if (existing) return existing;
  }
  const resolved =
    request.segment === undefined ? { filter: {} } : await resolveSegment(deps, request.segment);
  const spec = campaignSpecOf(request, {
    id,
    now,
    window: deps.rules.caps.window,
    filter: resolved.filter,
    ...(resolved.segmentId ? { segmentId: resolved.segmentId } : {}),
  });
  if (requestDigest !== undefined) spec.requestDigest = requestDigest;
  await checkTemplates(deps, spec);
  const audience = await countSegment(deps, spec.filter, undefined, {
    firstMatch: !request.dryRun,
    ...(request.dryRun ? { channels: channelsOf(spec) } : {}),
  });
  if (audience.exact && audience.matched === 0) {
    throw new ValidationError('invalid campaign: segment: matches no customer', [
      { path: 'segment', message: 'matches no customer' },
    ]);
  }
  if (request.dryRun) {
    const {
      status: _s,
      progress: _p,
      fanOut: _f,
      cancelledAt: _c,
      ...campaign
    } = viewOf(
      deps,
      { spec, pages: 0, counts: { targeted: 0, queued: 0, skipped: 0 }, sendLists: { minutes: [] } },
      zeroCounts,
    );
    return {
      status: 'dry-run',
      campaign,
      audience,
      ...(await previewsFor(deps, spec, audience.sampleCustomerId)),
    };
  }
  // Armed before the campaign is saved: a crash in between leaves an alarm that finds nothing, never a campaign without one.
  await deps.scheduler.armJob({ kind: 'campaign', id }, now);
  if (!(await deps.store.campaigns.create(spec))) {
    // Another request under the same key won the race: answered as a repeat, if it is one.
    const existing = await earlierCampaign(deps, id, options.idempotencyKey ?? id, requestDigest);
    if (existing) return existing;
  }
  deps.log('campaign.created', { campaignId: id, kind: spec.kind, sends: spec.sends.length });
  const campaign = await getCampaign(deps, id);
  await recordAudit(deps, {
    by: options.by,
    action: 'campaign.created',
    target: `campaign:${id}`,
    after: { name: spec.name, kind: spec.kind, filter: spec.filter, sends: spec.sends },
  });
  return { status: 'created', campaign };
}

type Preview = RenderedMessage & { customerId: string; template: string; locale: string };

/**
 * The first message as one real recipient will get it, offer code and all:
 * `preview` on the channel the campaign will use for them, `previews` on each
 * of its channels (an email-then-sms campaign shows the letter and the text).
 */
async function previewsFor(
  deps: Pick<EngineDeps, 'settings' | 'templates'> & StoreDeps<'customers'>,
  spec: CampaignSpec,
  customerId: string | null,
): Promise<{ preview: Preview | null; previews: Preview[] }> {
  const record = customerId ? await deps.store.customers.get(customerId) : undefined;
  if (!customerId || !record) return { preview: null, previews: [] };
  const send = spec.sends[0]!;
  const channels = channelsOf(spec);
  const state = withOffer(deps, spec, record.state, customerId);
  const previews: Preview[] = [];
  for (const channel of channels) {
    const rendered = await render(
      deps,
      spec,
      record.customer,
      state,
      send.template,
      channel,
      record.customer.locale,
    );
    previews.push({ ...rendered, customerId, template: send.template });
  }
  const reachable = channels.find((c) => (c === 'email' ? record.customer.email : record.customer.phone));
  const preview = previews.find((p) => p.channel === reachable) ?? previews[0] ?? null;
  return { preview, previews };
}
