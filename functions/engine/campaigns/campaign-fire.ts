import { startChase } from '../../core/cadence/chase';
import { campaignVariables } from '../../core/campaigns/campaign';
import { counterForOutcome, type SendCounter } from '../../core/campaigns/campaign-progress';
import { campaignIdOf } from '../../core/campaigns/campaign-rule';
import type { CampaignAction, PlanContext } from '../../core/planning/actions';
import type { CapVerdict } from '../../core/planning/caps';
import { applyAction } from '../../core/planning/plan';
import type { EngineState } from '../../core/planning/state';
import type { CustomerRecord, MessageRecord } from '../../ports/store/index';
import type { EngineDeps } from '../deps';
import { channelsOf, heldBack, type Step, sendVia, stepAfter } from '../fire/fire-steps';
import { fileNote } from '../timeline-note';
import { counterShard } from './campaign-counts';

/**
 * A campaign message whose time has come on the customer's clock: dropped if
 * the campaign was cancelled or the message is past its last day, held back
 * by the caps like any marketing message, else sent through the one send path
 * (suppression, consent, the claim on customer + campaign + key). A sent
 * message with `chase` starts the follow-up chase behind it.
 */
export async function carryOutCampaign(
  deps: EngineDeps,
  record: CustomerRecord,
  state: EngineState,
  action: CampaignAction,
  now: Date,
  ctx: PlanContext,
  verdict: CapVerdict,
): Promise<Step> {
  const campaign = await deps.campaignCache.get(action.campaignId);
  if (!campaign || campaign.cancelledAt) {
    return { state: applyAction(state, action, now, ctx.rules), outcome: 'cancelled', retry: false };
  }
  if (action.expired) {
    const { customerId } = record.customer;
    await fileNote(deps, {
      customerId,
      rule: action.rule,
      occurrence: action.occurrence,
      what: 'expired',
      facts: {
        kind: 'campaign-expired',
        campaign: campaign.spec.name,
        date: action.date,
        maxDelayDays: action.maxDelayDays,
      },
      at: now,
    });
    return { state: applyAction(state, action, now, ctx.rules), outcome: 'expired', retry: false };
  }
  if (verdict !== 'ok') return heldBack(deps, state, action, now, ctx, verdict);
  const outcome = await sendVia(deps, record, state, channelsOf(action.channels), {
    rule: action.rule,
    occurrence: action.occurrence,
    template: action.template,
    kind: 'marketing',
    variables: campaignVariables(campaign.spec, state, record.customer.locale),
  });
  // Nobody to send it to on any channel: the message is settled as suppressed, not retried.
  const step = stepAfter(outcome, state, action, now, ctx, () => applyAction(state, action, now, ctx.rules));
  if (!action.chase || (outcome.status !== 'sent' && outcome.status !== 'duplicate')) return step;
  const { message } = outcome;
  if (message.status !== 'sent' || step.state.chases.some((c) => c.id === message.id)) return step;
  const chase = startChase(message.id, message.channel, action.template, message.subject, now);
  return { ...step, state: { ...step.state, chases: [...step.state.chases, chase] } };
}

/**
 * Counts the campaign messages a fire settled (sent, suppressed, capped,
 * expired, cancelled), one atomic ADD per campaign. Called once the state
 * that records the outcome is saved, so a retried fire never counts twice;
 * a crash between the save and this write loses that one count.
 */
export async function countCampaignOutcomes(
  deps: EngineDeps,
  customerId: string,
  actions: readonly { rule: string; outcome: string }[],
): Promise<void> {
  const byCampaign = new Map<string, Partial<Record<SendCounter, number>>>();
  for (const { rule, outcome } of actions) {
    const campaignId = campaignIdOf(rule);
    const counter = counterForOutcome(outcome);
    if (campaignId === undefined || !counter) continue;
    const counts = byCampaign.get(campaignId) ?? {};
    counts[counter] = (counts[counter] ?? 0) + 1;
    byCampaign.set(campaignId, counts);
  }
  for (const [campaignId, counts] of byCampaign) {
    await deps.store.campaigns.count(campaignId, counterShard(customerId), counts);
  }
}

/**
 * A real reply to a campaign message: counted once per message (the first
 * reply marks it), however many replies follow or however often one is retried.
 */
export async function countCampaignReply(deps: EngineDeps, message: MessageRecord, at: Date): Promise<void> {
  const campaignId = campaignIdOf(message.rule);
  if (campaignId === undefined) return;
  const first = await deps.store.timeline.updateMessage(
    message.customerId,
    message.id,
    { repliedAt: at.toISOString() },
    { onlyIfUnset: 'repliedAt' },
  );
  if (!first) return;
  await deps.store.campaigns.count(campaignId, counterShard(message.customerId), { replied: 1 });
}
