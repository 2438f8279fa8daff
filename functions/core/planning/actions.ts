import type { CadenceKind, CadenceRule, Caps, ChannelPolicy } from '../cadence/cadence-rules';
import type { ChaseRule } from '../cadence/chase';
import type { FestivalCatalog } from '../calendars/festivals';
import type { LocalTime } from '../calendars/local-time';
import type { SegmentFilter } from '../campaigns/segment';
import type { Channel, Customer } from '../customers/customer';
import type { Tier } from '../customers/tier';
import type { ActionStep } from '../sequences/next-step';
import type { Sequence } from '../sequences/sequence-definition';
import type { RunDeal } from '../sequences/sequence-run';
import type { EngineState } from './state';

// What the planner reads (the rules, one customer's context) and what it plans (due actions).

/** The cadence rules in force, as marketers configured them in `templates/`. */
export interface Rules {
  chase: ChaseRule;
  cadences: CadenceRule[];
  caps: Caps;
  festivals: FestivalCatalog;
  /** The sequences marketers defined (`templates/sequences/` and the versions saved over them). */
  sequences: Sequence[];
  /** The filters of the saved segments sequences name, by id (loaded with the live rules). */
  segments?: Readonly<Record<string, SegmentFilter>>;
}

export interface PlanContext {
  customer: Customer;
  state: EngineState;
  tier: Tier;
  rules: Rules;
  /** The local date from which occasions count (the day the customer was filed). */
  since: string;
}

export type ActionEffect =
  | { type: 'send'; channel: Channel; template: string }
  | { type: 'call-task'; template: string };

export interface ActionBase {
  /** When it is due: inside the customer's window, never in the past of a plan. */
  at: Date;
  /** With `rule`, identifies the message for good: the send guard and message id derive from it. */
  occurrence: string;
  /** The local date the occasion fell on before any cap moved it. */
  date: string;
  priority: number;
  /** Marketing messages count against the caps and carry unsubscribe links. */
  marketing: boolean;
  maxDelayDays: number;
}

export interface ChaseAction extends ActionBase {
  type: 'chase';
  rule: 'chase';
  effect: ActionEffect;
  chaseId: string;
  stepIndex: number;
}

export interface CadenceAction extends ActionBase {
  type: 'cadence';
  /** The rule's id (its file name). */
  rule: string;
  kind: CadenceKind;
  template: string;
  channels: ChannelPolicy;
  variables: Record<string, unknown>;
}

export interface CampaignAction extends ActionBase {
  type: 'campaign';
  /** `campaign:<id>`, so the send guard keeps one message per customer and campaign send. */
  rule: string;
  campaignId: string;
  template: string;
  channels: ChannelPolicy;
  chase: boolean;
  /** The local time a capped message moves to on the day it fits. */
  sendAt: LocalTime;
  /** Past its last day (`date` + `maxDelayDays`): it is dropped, not sent. */
  expired: boolean;
}

/** The owner's digest of the replies past the hour's first alerts: owed to the owner, never capped. */
export interface OwnerDigestAction extends ActionBase {
  type: 'owner-digest';
  rule: 'owner-digest';
  replyIds: string[];
  count: number;
}

/** The next step of one customer's run through a sequence: a send, an owner task, a tag or the end. */
export interface SequenceAction extends ActionBase {
  type: 'sequence';
  /** `sequence:<id>`: with the occurrence `<entry>:<step>`, the send guard keeps one message per step run. */
  rule: string;
  sequenceId: string;
  entry: number;
  step: ActionStep;
  /** The waits and branch answers passed on the way to it. */
  path: string[];
  /** For an `enter` step: the date's or silence's occurrence, and the purchase it is of. */
  entering?: { key: string; tier: Tier; deal?: RunDeal };
}

export type DueAction = ChaseAction | CadenceAction | CampaignAction | OwnerDigestAction | SequenceAction;
