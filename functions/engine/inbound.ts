import { stopChases } from '../core/chase';
import type { Channel } from '../core/customer';
import { contentIdFor } from '../core/ids';
import { toE164 } from '../core/phone';
import type { Rules } from '../core/plan';
import { isGoodScore, isWarmReply, scheduleReferralAsk, surveyScore } from '../core/referral';
import { classifyReply, type ReplyKind } from '../core/reply';
import { messageIdFromReplyAddress } from '../core/reply-token';
import type { EngineState } from '../core/state';
import type { MessageRecord, ReplyRecord } from '../ports/store/index';
import type { EngineDeps } from './deps';
import { updateState } from './update-state';

export interface InboundEmail {
  from: string;
  /** The address it was sent to: our per-message routing address. */
  to: string;
  subject?: string;
  text: string;
  headers?: Record<string, string>;
}

export interface InboundSms {
  from: string;
  body: string;
}

export type InboundOutcome =
  | { status: 'unmatched' }
  | { status: 'duplicate'; customerId: string; replyId: string }
  | {
      status: 'recorded';
      customerId: string;
      replyId: string;
      kind: ReplyKind;
      messageId?: string;
      chasesStopped: number;
    };

/** What a reply of `kind` does to the customer's state. */
function applyReply(
  state: EngineState,
  kind: ReplyKind,
  channel: Channel,
  at: Date,
  warmth: { text: string; answering?: string; rules: Rules; timezone: string },
): EngineState {
  switch (kind) {
    case 'reply': {
      const replied: EngineState = {
        ...state,
        chases: stopChases(state.chases, at, 'reply'),
        lastReplyAt: at.toISOString(),
        lastTouchAt: at.toISOString(),
      };
      // A good survey answer or a warm reply is the moment to ask for a referral.
      const score = warmth.answering === 'satisfaction-survey' ? surveyScore(warmth.text) : undefined;
      const good = score ? isGoodScore(score) : isWarmReply(warmth.text);
      return good
        ? scheduleReferralAsk(
            replied,
            warmth.rules.cadences,
            at,
            warmth.timezone,
            score ? 'survey' : 'warm-reply',
          )
        : replied;
    }
    case 'unsubscribe':
      return {
        ...state,
        chases: stopChases(state.chases, at, 'unsubscribe'),
        suppressed: { ...state.suppressed, [channel]: { reason: 'unsubscribe', at: at.toISOString() } },
      };
    case 'auto-reply':
      // An out-of-office is not the customer answering: the chase goes on.
      return state;
  }
}

async function record(
  deps: EngineDeps,
  customerId: string,
  reply: Omit<ReplyRecord, 'customerId' | 'kind' | 'at' | 'latencySeconds'> & { kind: ReplyKind },
  message: MessageRecord | undefined,
): Promise<InboundOutcome> {
  const now = deps.clock.now();
  let stopped = 0;
  // The state change is idempotent, so it runs before the entry that dedupes:
  // a retry after a crash in between still stops the chase.
  await updateState(deps, customerId, (current, at) => {
    const state = applyReply(current.state, reply.kind, reply.channel, at, {
      text: reply.text,
      ...(message ? { answering: message.rule } : {}),
      rules: deps.rules,
      timezone: current.customer.timezone,
    });
    stopped = state.chases.filter((c, i) => c.status !== current.state.chases[i]?.status).length;
    return state === current.state ? undefined : { state };
  });
  const sentAt = message?.sentAt ?? message?.at;
  const added = await deps.store.timeline.addEntry({
    type: 'reply',
    ...reply,
    customerId,
    at: now.toISOString(),
    ...(sentAt ? { latencySeconds: Math.round((now.getTime() - Date.parse(sentAt)) / 1000) } : {}),
  });
  if (!added) return { status: 'duplicate', customerId, replyId: reply.id };
  deps.log('reply.recorded', {
    customerId,
    replyId: reply.id,
    kind: reply.kind,
    channel: reply.channel,
    chasesStopped: stopped,
  });
  return {
    status: 'recorded',
    customerId,
    replyId: reply.id,
    kind: reply.kind,
    chasesStopped: stopped,
    ...(message ? { messageId: message.id } : {}),
  };
}

/** Matches an inbound email by its routing token first, then by the sender's address. */
export async function receiveEmail(deps: EngineDeps, email: InboundEmail): Promise<InboundOutcome> {
  const messageId = messageIdFromReplyAddress(email.to, deps.settings.signingKey);
  const message = messageId ? await deps.store.timeline.findMessage(messageId) : undefined;
  const sender = /<([^>]+)>/.exec(email.from)?.[1] ?? email.from.trim();
  const customerId = message?.customerId ?? (await deps.store.customers.findByContact({ email: sender }))[0];
  if (!customerId) {
    deps.log('reply.unmatched', { channel: 'email', from: sender });
    return { status: 'unmatched' };
  }
  const kind = classifyReply({
    text: email.text,
    ...(email.subject ? { subject: email.subject } : {}),
    ...(email.headers ? { headers: email.headers } : {}),
  });
  return record(
    deps,
    customerId,
    {
      id: contentIdFor('email', sender, email.to, email.subject ?? '', email.text),
      channel: 'email',
      from: sender,
      ...(email.subject ? { subject: email.subject } : {}),
      text: email.text,
      kind,
      ...(message ? { messageId: message.id } : {}),
    },
    message,
  );
}

/** Matches an inbound SMS by number to the customer, and to their latest SMS. */
export async function receiveSms(deps: EngineDeps, sms: InboundSms): Promise<InboundOutcome> {
  const from = toE164(sms.from) ?? sms.from;
  const customerId = (await deps.store.customers.findByContact({ phone: from }))[0];
  if (!customerId) {
    deps.log('reply.unmatched', { channel: 'sms', from });
    return { status: 'unmatched' };
  }
  const current = await deps.store.customers.get(customerId);
  const latest = current?.state.lastSent.sms;
  const message = latest ? await deps.store.timeline.findMessage(latest.messageId) : undefined;
  return record(
    deps,
    customerId,
    {
      id: contentIdFor('sms', from, sms.body, latest?.messageId ?? ''),
      channel: 'sms',
      from,
      text: sms.body,
      kind: classifyReply({ text: sms.body }),
      ...(message ? { messageId: message.id } : {}),
    },
    message,
  );
}
