import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { ItemButtons, moved, without } from './list-items';
import {
  type KindProps,
  NumberField,
  num,
  Problems,
  SelectField,
  TemplateField,
  TIERS,
  TimeField,
} from './rule-fields';
import { PriorityList } from './rule-priority';

/**
 * Days of the month per tier, a column each, a number input per day. Each list
 * is rebuilt (keyed by `round`) after a removal so the inputs' typed text follows the days.
 */
export function DaysOfMonthField(props: {
  value: Record<string, number[]>;
  onChange: (v: Record<string, number[]>) => void;
}) {
  const [round, setRound] = useState(0);
  const setTier = (tier: string, days: number[]) => props.onChange({ ...props.value, [tier]: days });
  return (
    <fieldset class="rule-field wide">
      <legend>{t('ruleDaysOfMonth')}</legend>
      <div class="tiers">
        {TIERS.map((tier) => {
          const days = props.value[tier] ?? [];
          return (
            <div class="tier" key={`${tier}:${round}`} data-tier={tier}>
              <strong>{t('ruleTier', { tier })}</strong>
              {days.map((day, i) => (
                <div class="day" key={i}>
                  <NumberField
                    path={`daysOfMonth.${tier}.${i}`}
                    label={t('ruleDayOfMonth', { n: i + 1, tier })}
                    value={day}
                    min={1}
                    max={28}
                    onChange={(v) =>
                      setTier(
                        tier,
                        days.map((d, k) => (k === i ? v : d)),
                      )
                    }
                  />
                  <button
                    type="button"
                    class="secondary"
                    aria-label={t('ruleRemoveDay', { n: i + 1 })}
                    onClick={() => {
                      setTier(tier, without(days, i));
                      setRound(round + 1);
                    }}
                  >
                    ×
                  </button>
                </div>
              ))}
              <button type="button" class="secondary" onClick={() => setTier(tier, [...days, 15])}>
                {t('ruleAddDay')}
              </button>
              <Problems path={`daysOfMonth.${tier}`} check={days.length === 0 ? t('checkDays') : undefined} />
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

export interface ChaseStep {
  afterDays: number;
  action: 'send' | 'call-task';
  template: string;
}

/** The chase's steps in order: each its wait, what it does and its template; added, removed, reordered. */
export function ChaseSteps(props: { value: ChaseStep[]; onChange: (v: ChaseStep[]) => void }) {
  const [round, setRound] = useState(0);
  const steps = props.value;
  const change = (next: ChaseStep[], rebuild = false) => {
    props.onChange(next);
    if (rebuild) setRound(round + 1);
  };
  const setStep = (i: number, patch: Partial<ChaseStep>) =>
    change(steps.map((s, k) => (k === i ? { ...s, ...patch } : s)));
  return (
    <fieldset class="rule-field wide">
      <legend>{t('ruleSteps')}</legend>
      <ol class="steps">
        {steps.map((step, i) => (
          <li key={`${i}:${round}`} data-step={i}>
            <strong>{t('ruleStep', { n: i + 1 })}</strong>
            <NumberField
              path={`steps.${i}.afterDays`}
              label={t('ruleStepAfter', { n: i + 1 })}
              value={step.afterDays}
              min={1}
              max={365}
              unit={t('unitDays')}
              onChange={(afterDays) => setStep(i, { afterDays })}
            />
            <SelectField
              path={`steps.${i}.action`}
              label={t('ruleStepAction', { n: i + 1 })}
              value={step.action}
              choices={[
                { value: 'send', label: t('action-send') },
                { value: 'call-task', label: t('action-call-task') },
              ]}
              onChange={(v) => setStep(i, { action: v === 'call-task' ? 'call-task' : 'send' })}
            />
            <TemplateField
              path={`steps.${i}.template`}
              label={t('ruleStepTemplate', { n: i + 1 })}
              value={step.template}
              onChange={(v) => setStep(i, { template: v ?? step.template })}
            />
            <ItemButtons
              i={i}
              count={steps.length}
              onMove={(by) => change(moved(steps, i, by), true)}
              onRemove={() => change(without(steps, i), true)}
            />
          </li>
        ))}
      </ol>
      <button
        type="button"
        class="secondary"
        disabled={steps.length >= 10}
        onClick={() =>
          change([...steps, { afterDays: 3, action: 'send', template: steps.at(-1)?.template ?? '' }])
        }
      >
        {t('ruleAddStep')}
      </button>
      <Problems path="steps" check={steps.length === 0 ? t('checkSteps') : undefined} />
    </fieldset>
  );
}

/** The caps: the daytime window, each tier's most messages, and the rules' order. */
export function Caps({ draft, set, describe, rankable }: KindProps) {
  const window = (draft.window ?? {}) as { start?: string; end?: string };
  const tiers = (draft.tiers ?? {}) as Record<string, { per7Days?: number; per30Days?: number }>;
  const setTier = (tier: string, key: 'per7Days' | 'per30Days', v: number) =>
    set('tiers', { ...tiers, [tier]: { ...tiers[tier], [key]: v } });
  return (
    <>
      <fieldset class="rule-field wide">
        <legend>{t('ruleWindow')}</legend>
        <div class="row wrap">
          <TimeField
            path="window.start"
            label={t('ruleWindowStart')}
            value={window.start ?? ''}
            onChange={(v) => set('window', { ...window, start: v })}
          />
          <TimeField
            path="window.end"
            label={t('ruleWindowEnd')}
            value={window.end ?? ''}
            onChange={(v) => set('window', { ...window, end: v })}
          />
        </div>
        <Problems path="window" />
      </fieldset>
      <div class="tiers wide">
        {TIERS.map((tier) => (
          <fieldset class="tier" key={tier} data-tier={tier}>
            <legend>{t('ruleTier', { tier })}</legend>
            <NumberField
              path={`tiers.${tier}.per7Days`}
              label={t('rulePer7')}
              value={num(tiers[tier]?.per7Days, 0)}
              min={0}
              max={50}
              unit={t('unitMessages')}
              onChange={(v) => setTier(tier, 'per7Days', v)}
            />
            <NumberField
              path={`tiers.${tier}.per30Days`}
              label={t('rulePer30')}
              value={num(tiers[tier]?.per30Days, 0)}
              min={0}
              max={200}
              unit={t('unitMessages')}
              onChange={(v) => setTier(tier, 'per30Days', v)}
            />
          </fieldset>
        ))}
      </div>
      <PriorityList
        value={Array.isArray(draft.priority) ? draft.priority.filter((x) => typeof x === 'string') : []}
        describe={describe}
        rankable={rankable ?? []}
        onChange={(v) => set('priority', v)}
      />
    </>
  );
}
