import { useState } from 'preact/hooks';
import type { StepCounter } from '../../../core/sequences/run-stats';
import type { Sequence, StepType } from '../../../core/sequences/sequence-definition';
import { ApiError, api } from '../api';
import { ConfirmButton } from '../confirm';
import { type Key, t } from '../i18n';
import { useLoad } from '../ui';
import { moved } from './list-items';
import { CheckField, FormContext, NumberField, SelectField, TextField, TiersField } from './rule-fields';
import { SaveError, useFormChecks } from './rule-form';
import type { SegmentChoice } from './sequence-conditions';
import { SequenceDryRun } from './sequence-dry-run';
import { ExitFields, ReentryField } from './sequence-exits';
import { newStep, STEP_TYPES, type Step, StepFields, withoutStep } from './sequence-steps';
import { TriggerFields } from './sequence-trigger';

export interface SequenceEntry {
  id: string;
  version: number;
  updatedBy?: string;
  /** The chase, the survey or the referral ask: edited as their rules, on the Rules page. */
  builtIn?: true;
  sequence: Sequence;
}
type StepStats = { step: string } & Record<StepCounter, number>;

const COUNTERS = [
  ['entered', 'seqEntered'],
  ['waiting', 'seqWaiting'],
  ['sent', 'seqSent'],
  ['replied', 'seqReplied'],
  ['exited', 'seqExited'],
  ['converted', 'seqConverted'],
] as const;

/** One step in the list: what it does, its fields, its counts, and buttons to move or remove it. */
function StepItem(props: {
  step: Step;
  index: number;
  steps: readonly Step[];
  segments: readonly SegmentChoice[];
  stats: StepStats | undefined;
  onSteps: (steps: Step[]) => void;
}) {
  const { step, index, steps, onSteps } = props;
  const later = steps.slice(index + 1).map((s) => s.id);
  return (
    <li data-step={step.id}>
      <div class="seq-step-head">
        <strong>
          {t(`seq-${step.type}` as Key)} <span class="muted">({step.id})</span>
        </strong>
        <span class="row">
          <button
            type="button"
            class="small"
            aria-label={t('seqMoveUp')}
            disabled={index === 0}
            onClick={() => onSteps(moved(steps, index, -1))}
          >
            ↑
          </button>
          <button
            type="button"
            class="small"
            aria-label={t('seqMoveDown')}
            disabled={index === steps.length - 1}
            onClick={() => onSteps(moved(steps, index, 1))}
          >
            ↓
          </button>
          <button
            type="button"
            class="small"
            disabled={steps.length === 1}
            onClick={() => onSteps(withoutStep(steps, index))}
          >
            {t('seqRemoveStep')}
          </button>
        </span>
      </div>
      <div class="seq-fields">
        <StepFields
          step={step}
          path={`steps.${index}`}
          later={later}
          segments={props.segments}
          set={(next) => onSteps(steps.map((s, j) => (j === index ? next : s)))}
        />
      </div>
      {props.stats && (
        <p class="seq-stats muted">
          {COUNTERS.map(([counter, label]) => `${t(label)} ${props.stats?.[counter] ?? 0}`).join(' · ')}
        </p>
      )}
    </li>
  );
}

/** A new step's kind, then "add": it goes at the end, where a marketer moves it up. */
function AddStep({ onAdd }: { onAdd: (type: StepType) => void }) {
  const [type, setType] = useState<StepType>('send');
  return (
    <div class="row wrap seq-add">
      <SelectField
        path="new-step"
        label={t('seqNewStep')}
        value={type}
        choices={STEP_TYPES.map((s) => ({ value: s, label: t(`seq-${s}` as Key) }))}
        onChange={(v) => setType(v as StepType)}
      />
      <button type="button" onClick={() => onAdd(type)}>
        {t('seqAddStep')}
      </button>
    </div>
  );
}

/**
 * A sequence as a form: its name, trigger, steps (added, moved, removed), exits and
 * re-entry, saved as a new version; customers inside follow it from their next step.
 */
export function SequenceForm(props: {
  entry: SequenceEntry;
  templates: string[];
  segments: readonly SegmentChoice[];
  onSaved: () => void;
}) {
  const { entry } = props;
  const [sequence, setSequence] = useState<Sequence>(entry.sequence);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const checks = useFormChecks(error, `sequence:${entry.id}`, props.templates);
  const stats = useLoad<{ steps: StepStats[] }>(`/v1/sequences/${encodeURIComponent(entry.id)}/stats`);
  const save = async (next: Sequence) => {
    if (checks.blocked()) {
      setError(new Error(t('checkFix')));
      return;
    }
    setError(undefined);
    try {
      const answer = await api<{ version: number }>('PUT', `/v1/sequences/${encodeURIComponent(entry.id)}`, {
        sequence: next,
        baseVersion: entry.version,
      });
      setSaved(`${t('seqSaved')} ${answer.version}`);
      props.onSaved();
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? new Error(t('stale')) : e);
    }
  };
  const setSteps = (steps: Step[]) => setSequence({ ...sequence, steps });
  return (
    <div class="card sequence" data-sequence={entry.id}>
      <h3>
        {sequence.name} <span class="muted">v{entry.version}</span>
      </h3>
      <FormContext.Provider value={checks.context}>
        {entry.sequence.enabled ? (
          <ConfirmButton
            label={t('seqStop')}
            warning={t('seqDisableWarning')}
            onConfirm={() => save({ ...sequence, enabled: false })}
          />
        ) : (
          <CheckField
            path="enabled"
            label={
              <>
                {t('seqEnabled')} {!sequence.enabled && <span class="muted">({t('seqStopped')})</span>}
              </>
            }
            checked={sequence.enabled}
            onChange={(enabled) => setSequence({ ...sequence, enabled })}
          />
        )}
        <div class="rule-fields">
          <TextField
            path="name"
            label={t('seqName')}
            value={sequence.name}
            required
            onChange={(name) => setSequence({ ...sequence, name })}
          />
          <TriggerFields
            trigger={sequence.trigger}
            segments={props.segments}
            onChange={(trigger) => setSequence({ ...sequence, trigger })}
          />
        </div>
        <ol class="seq-steps">
          {sequence.steps.map((step, i) => (
            <StepItem
              key={step.id}
              step={step}
              index={i}
              steps={sequence.steps}
              segments={props.segments}
              stats={stats.data?.steps.find((s) => s.step === step.id)}
              onSteps={setSteps}
            />
          ))}
        </ol>
        <AddStep
          onAdd={(type) =>
            setSteps([
              ...sequence.steps,
              newStep(
                type,
                sequence.steps.map((s) => s.id),
                props.templates,
              ),
            ])
          }
        />
        <details class="seq-more">
          <summary>{t('seqExitsAndReentry')}</summary>
          <div class="rule-fields">
            <ExitFields sequence={sequence} segments={props.segments} onChange={setSequence} />
            <ReentryField sequence={sequence} onChange={setSequence} />
            <TiersField value={sequence.tiers} onChange={(tiers) => setSequence({ ...sequence, tiers })} />
            <NumberField
              path="maxDelayDays"
              label={t('seqMaxDelay')}
              value={sequence.maxDelayDays}
              min={0}
              max={60}
              onChange={(maxDelayDays) => setSequence({ ...sequence, maxDelayDays })}
            />
          </div>
        </details>
      </FormContext.Provider>
      <button type="button" onClick={() => save(sequence)}>
        {t('save')}
      </button>
      {saved && error === undefined && <p class="note">{saved}</p>}
      <SaveError error={error} elsewhere={checks.elsewhere} />
      <SequenceDryRun sequenceId={entry.id} />
    </div>
  );
}
