import { advanceChase, type ChaseRule, nextChaseStepAt } from './chase';
import type { Channel, Customer } from './customer';
import type { EngineState } from './state';

/** The cadence rules in force, as marketers configured them. */
export interface Rules {
  chase: ChaseRule;
}

export type ActionEffect =
  | { type: 'send'; channel: Channel; template: string }
  | { type: 'call-task'; template: string };

/**
 * One thing the engine will do for a customer at `at`. `(rule, occurrence)`
 * identifies it for good: the send guard and the message id derive from it.
 */
export interface DueAction {
  rule: 'chase';
  at: Date;
  occurrence: string;
  effect: ActionEffect;
  chaseId: string;
  stepIndex: number;
}

/**
 * Every next action of every rule for one customer, earliest first.
 * @example planActions(customer, state, rules)[0]?.at // the customer's alarm time
 */
export function planActions(customer: Customer, state: EngineState, rules: Rules): DueAction[] {
  const actions: DueAction[] = [];
  for (const chase of state.chases) {
    const next = nextChaseStepAt(chase, rules.chase, customer.timezone);
    if (!next) continue;
    actions.push({
      rule: 'chase',
      at: next.at,
      occurrence: `${chase.id}:${next.index + 1}`,
      effect:
        next.step.action === 'send'
          ? { type: 'send', channel: chase.channel, template: next.step.template }
          : { type: 'call-task', template: next.step.template },
      chaseId: chase.id,
      stepIndex: next.index,
    });
  }
  return actions.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The actions due at `now` (their time has come), earliest first. */
export function dueActions(customer: Customer, state: EngineState, rules: Rules, now: Date): DueAction[] {
  return planActions(customer, state, rules).filter((action) => action.at.getTime() <= now.getTime());
}

/** When the customer's single alarm should ring next, if anything is pending. */
export function nextAlarmAt(customer: Customer, state: EngineState, rules: Rules): Date | undefined {
  return planActions(customer, state, rules)[0]?.at;
}

/** The state once `action` has been carried out at `at`. */
export function applyAction(state: EngineState, action: DueAction, at: Date, rules: Rules): EngineState {
  switch (action.rule) {
    case 'chase':
      return {
        ...state,
        chases: state.chases.map((chase) =>
          chase.id === action.chaseId ? advanceChase(chase, action.stepIndex, at, rules.chase) : chase,
        ),
      };
  }
}
