import { useId } from 'preact/hooks';
import { assertNever } from '../../../core/assert-never';
import type { SequenceStep, StepType } from '../../../core/sequences/sequence-definition';
import { type Key, t } from '../i18n';
import {
  CheckField,
  channelPolicies,
  NumberField,
  Problems,
  SelectField,
  TemplateField,
  TextField,
} from './rule-fields';
import { ConditionFields } from './sequence-conditions';

/** A step as edited: the definition's shape, fields filled in as the marketer types. */
export type Step = SequenceStep;

export const STEP_TYPES: readonly StepType[] = ['send', 'wait', 'task', 'tag', 'branch', 'end'];
const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

/** A new step of `type` with an id no other step has. */
export function newStep(type: StepType, taken: readonly string[], templates: readonly string[]): Step {
  let n = 1;
  while (taken.includes(`${type}-${n}`)) n += 1;
  const id = `${type}-${n}`;
  switch (type) {
    case 'wait':
      return { id, type, days: 1, hours: 0, itemYears: false };
    case 'send':
      return {
        id,
        type,
        template: templates.find((name) => name.startsWith('sequence-')) ?? templates[0] ?? '',
        channels: 'email-then-sms',
      };
    case 'task':
      return { id, type, template: 'owner-sequence-task' };
    case 'tag':
      return { id, type, op: 'add', tag: '' };
    case 'branch':
      return { id, type, condition: { kind: 'replied' }, yes: 'end', no: 'end' };
    case 'end':
      return { id, type };
    default:
      return assertNever(type);
  }
}

/**
 * The steps without the one at `index`: a branch that jumped to it now jumps to the
 * step that followed it (or the end), as customers waiting there move on to that step.
 */
export function withoutStep(steps: readonly Step[], index: number): Step[] {
  const gone = steps[index];
  const next = steps[index + 1]?.id ?? 'end';
  return steps
    .filter((_, i) => i !== index)
    .map((step) =>
      step.type === 'branch' && gone
        ? { ...step, yes: step.yes === gone.id ? next : step.yes, no: step.no === gone.id ? next : step.no }
        : step,
    );
}

/** A local time that may be left empty (a wait that counts days only). */
function OptionalTime(props: {
  path: string;
  label?: string;
  value: string | undefined;
  onChange: (v?: string) => void;
}) {
  return (
    <label class="rule-field">
      <span>{props.label ?? t('seqUntil')}</span>
      <input
        type="time"
        name={props.path}
        value={props.value ?? ''}
        onInput={(e) => props.onChange(e.currentTarget.value || undefined)}
      />
      <Problems path={props.path} />
    </label>
  );
}

/** The weekday a wait goes on to; its label names only the field, not its seven choices. */
function WeekdayField(props: { path: string; value: number | undefined; onChange: (v?: number) => void }) {
  const id = useId();
  return (
    <span class="rule-field">
      <label for={id}>{t('seqWeekday')}</label>
      <select
        id={id}
        name={props.path}
        value={props.value === undefined ? '' : String(props.value)}
        onChange={(e) =>
          props.onChange(e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))
        }
      >
        <option value="">{t('seqAnyDay')}</option>
        {WEEKDAYS.map((d) => (
          <option key={d} value={d}>
            {t(`weekday-${d}` as Key)}
          </option>
        ))}
      </select>
      <Problems path={props.path} />
    </span>
  );
}

/** The fields of one step; a branch's targets are the steps after it and the end. */
export function StepFields({
  step,
  path,
  later,
  segments,
  set,
}: {
  step: Step;
  path: string;
  later: readonly string[];
  segments: readonly { id: string; name: string }[];
  set: (step: Step) => void;
}) {
  switch (step.type) {
    case 'wait':
      return (
        <>
          <NumberField
            path={`${path}.days`}
            label={t('seqDays')}
            value={step.days}
            min={0}
            max={3650}
            onChange={(days) => set({ ...step, days })}
          />
          <NumberField
            path={`${path}.hours`}
            label={t('seqHours')}
            value={step.hours}
            min={0}
            max={240}
            onChange={(hours) => set({ ...step, hours })}
          />
          <OptionalTime
            path={`${path}.until`}
            value={step.until}
            onChange={(until) => set(withOptional({ ...step }, 'until', until))}
          />
          {step.at !== undefined && (
            <OptionalTime
              path={`${path}.at`}
              label={t('seqAt')}
              value={step.at}
              onChange={(at) => set(withOptional({ ...step }, 'at', at))}
            />
          )}
          <WeekdayField
            path={`${path}.weekday`}
            value={step.weekday}
            onChange={(weekday) => set(withOptional({ ...step }, 'weekday', weekday))}
          />
          <CheckField
            path={`${path}.itemYears`}
            label={t('seqItemYears')}
            checked={step.itemYears}
            onChange={(itemYears) => set({ ...step, itemYears })}
          />
        </>
      );
    case 'send':
      return (
        <>
          <TemplateField
            path={`${path}.template`}
            label={t('seqTemplate')}
            value={step.template}
            onChange={(template) => set({ ...step, template: template ?? '' })}
          />
          <SelectField
            path={`${path}.channels`}
            label={t('seqChannels')}
            value={step.channels}
            choices={channelPolicies.map((c) => ({ value: c, label: t(`channel-${c}`) }))}
            onChange={(channels) => set({ ...step, channels: channels as typeof step.channels })}
          />
        </>
      );
    case 'task':
      return (
        <TemplateField
          path={`${path}.template`}
          label={t('seqTemplate')}
          prefix="owner-"
          value={step.template}
          onChange={(template) => set({ ...step, template: template ?? '' })}
        />
      );
    case 'tag':
      return (
        <>
          <SelectField
            path={`${path}.op`}
            label={t('seqTagOp')}
            value={step.op}
            choices={[
              { value: 'add', label: t('seqTagAdd') },
              { value: 'remove', label: t('seqTagRemove') },
            ]}
            onChange={(op) => set({ ...step, op: op === 'remove' ? 'remove' : 'add' })}
          />
          <TextField
            path={`${path}.tag`}
            label={t('seqTag')}
            value={step.tag}
            required
            onChange={(tag) => set({ ...step, tag })}
          />
        </>
      );
    case 'branch': {
      const targets = [...later, 'end'].map((id) => ({ value: id, label: id === 'end' ? t('seq-end') : id }));
      return (
        <>
          <ConditionFields
            path={`${path}.condition`}
            condition={step.condition}
            segments={segments}
            onChange={(condition) => set({ ...step, condition })}
          />
          <SelectField
            path={`${path}.yes`}
            label={t('seqYes')}
            value={step.yes}
            choices={targets}
            onChange={(yes) => set({ ...step, yes })}
          />
          <SelectField
            path={`${path}.no`}
            label={t('seqNo')}
            value={step.no}
            choices={targets}
            onChange={(no) => set({ ...step, no })}
          />
        </>
      );
    }
    case 'end':
      return null;
    default:
      return assertNever(step);
  }
}

/** `value` set on `key`, or the key gone when it is undefined (the schema rejects explicit nothing). */
export function withOptional<T extends object>(target: T, key: string, value: unknown): T {
  const copy: Record<string, unknown> = { ...(target as Record<string, unknown>) };
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy as T;
}
