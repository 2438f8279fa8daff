import type { Chase } from './chase';
import type { Channel } from './customer';

/**
 * What the engine remembers about a customer between fires. It lives on the
 * profile item and is written with a version check, so a reply and a fire that
 * race each other never overwrite one another's decisions.
 */
export interface EngineState {
  version: number;
  chases: Chase[];
  /** Channels the customer may no longer be messaged on, and why. */
  suppressed: Partial<Record<Channel, { reason: string; at: string }>>;
  /** The latest message per channel: an inbound SMS answers the latest SMS. */
  lastSent: Partial<Record<Channel, { messageId: string; at: string }>>;
  lastReplyAt?: string;
}

export const emptyState: EngineState = { version: 0, chases: [], suppressed: {}, lastSent: {} };

/** Ended chases kept for the record; older ones are on the timeline already. */
const KEPT_ENDED_CHASES = 10;

/** Drops the oldest ended chases so the profile item stays small. */
export function compactState(state: EngineState): EngineState {
  const active = state.chases.filter((c) => c.status === 'active');
  const ended = state.chases.filter((c) => c.status !== 'active').slice(-KEPT_ENDED_CHASES);
  return { ...state, chases: [...ended, ...active] };
}
