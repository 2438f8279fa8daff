import { startChase } from '../../core/cadence/chase';
import type { Channel } from '../../core/customers/customer';
import { IdempotencyKeyReusedError, ProviderError, UnreachableError } from '../../core/errors';
import { messageIdFor } from '../../core/ids';
import type { EngineState } from '../../core/planning/state';
import type { MessageRecord } from '../../ports/store/index';
import type { EngineDeps } from '../deps';
import { updateState } from '../fire/update-state';
import { handedOver, noteSent, sendMessage } from './send-message';

export interface LetterRequest {
  template: string;
  channel: Channel;
  chase: boolean;
  /** The caller's idempotency key, or a fresh id: a retried request sends once. */
  requestId: string;
}

/** Whether the state shows the letter `id` already handed over (the latest on its channel, or chased). */
function handedOverBefore(state: EngineState, channel: Channel, id: string): boolean {
  return state.lastSent[channel]?.messageId === id || state.chases.some((chase) => chase.id === id);
}

/** A repeat of a request under the same key must ask for the same letter: template and channel. */
function refuseOtherRequest(request: LetterRequest, filed: MessageRecord): void {
  const differs = [
    filed.template !== request.template ? `template ${filed.template}, now ${request.template}` : undefined,
    filed.channel !== request.channel ? `channel ${filed.channel}, now ${request.channel}` : undefined,
  ].filter(Boolean);
  if (differs.length > 0) throw new IdempotencyKeyReusedError(request.requestId, differs.join('; '));
}

/**
 * Sends a one-off letter now (a promotion, a thank-you); with `chase` it starts
 * the follow-up chase behind it.
 */
export async function sendLetter(
  deps: EngineDeps,
  customerId: string,
  request: LetterRequest,
): Promise<{ message: MessageRecord; duplicate: boolean; chase: boolean }> {
  let result: { message: MessageRecord; duplicate: boolean } | undefined;
  const id = messageIdFor(customerId, 'letter', request.requestId);
  await updateState(deps, customerId, async (record, now) => {
    // A retried request: the state remembers a letter it handed over. Once the letter
    // is filed it is answered from there; until then it is handed over again, which is
    // harmless, as its delivery's claim lets one send through.
    const repeated = handedOverBefore(record.state, request.channel, id);
    const filed = repeated
      ? await deps.store.timeline.getMessage(customerId, id, { consistent: true })
      : undefined;
    if (filed && handedOver(filed)) {
      refuseOtherRequest(request, filed);
      result = { message: filed, duplicate: true };
      return undefined;
    }
    const outcome = await sendMessage(deps, record.customer, record.state, {
      rule: 'letter',
      occurrence: request.requestId,
      template: request.template,
      channel: request.channel,
      kind: 'marketing',
    });
    switch (outcome.status) {
      case 'unreachable':
        throw new UnreachableError(
          `customer ${customerId} cannot be reached by ${request.channel}: ${outcome.reason}`,
        );
      case 'failed':
        throw new ProviderError(`the ${request.channel} letter could not be sent: ${outcome.error}`);
      case 'duplicate':
      case 'queued':
      case 'sent': {
        if (outcome.status === 'duplicate') refuseOtherRequest(request, outcome.message);
        result = { message: outcome.message, duplicate: repeated || outcome.status === 'duplicate' };
        const chased = record.state.chases.some((c) => c.id === outcome.message.id);
        if (!request.chase || chased || !handedOver(outcome.message)) {
          return outcome.status === 'duplicate'
            ? undefined
            : { state: noteSent(record.state, outcome.message) };
        }
        const chase = startChase(
          outcome.message.id,
          request.channel,
          request.template,
          outcome.message.subject,
          now,
        );
        return {
          state: noteSent({ ...record.state, chases: [...record.state.chases, chase] }, outcome.message),
        };
      }
    }
  });
  if (!result) throw new Error('letter was neither sent nor refused');
  deps.log('letter.sent', {
    customerId,
    messageId: result.message.id,
    chase: request.chase,
    duplicate: result.duplicate,
  });
  return { ...result, chase: request.chase };
}
