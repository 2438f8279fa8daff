import { useId, useState } from 'preact/hooks';
import type { StepCounter } from '../../../core/sequences/run-stats';
import { ApiError, api } from '../api';
import { ConfirmButton } from '../confirm';
import { type Key, t } from '../i18n';
import { ErrorNote, Show, useLoad } from '../ui';
import { SequenceDryRun } from './sequence-dry-run';

type Step = { id: string; type: string } & Record<string, unknown>;
interface SequenceDefinition {
  id: string;
  name: string;
  enabled: boolean;
  trigger: { kind: string } & Record<string, unknown>;
  steps: Step[];
  [field: string]: unknown;
}
interface SequenceEntry {
  id: string;
  version: number;
  updatedBy?: string;
  sequence: SequenceDefinition;
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
const CHANNELS = ['email', 'sms', 'email-then-sms'];
const CONDITIONS = ['replied', 'opened', 'clicked', 'tag', 'tier', 'deal-stage'];

/** One field of a step: a number, a time, a text or a choice, each with its label. */
function Field({
  label,
  value,
  kind,
  options,
  optionLabel = (o) => o,
  onChange,
}: {
  label: string;
  value: unknown;
  kind: 'number' | 'time' | 'text' | 'select';
  options?: readonly string[];
  /** The words a choice is shown in; its value stays the engine's name. */
  optionLabel?: (option: string) => string;
  onChange: (value: string | number | undefined) => void;
}) {
  const text = value === undefined || value === null ? '' : String(value);
  const id = useId();
  return (
    <div class="seq-field">
      <label for={id}>{label}</label>
      {kind === 'select' ? (
        <select id={id} value={text} onChange={(e) => onChange(e.currentTarget.value)}>
          {(options ?? []).map((o) => (
            <option key={o} value={o}>
              {optionLabel(o)}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type={kind}
          value={text}
          {...(kind === 'number' ? { min: 0 } : {})}
          onChange={(e) => {
            const raw = e.currentTarget.value;
            onChange(raw === '' ? undefined : kind === 'number' ? Number(raw) : raw);
          }}
        />
      )}
    </div>
  );
}

function StepFields({ step, ids, set }: { step: Step; ids: string[]; set: (step: Step) => void }) {
  const put = (name: string) => (value: unknown) => set({ ...step, [name]: value });
  const targets = [...ids.filter((id) => id !== step.id), 'end'];
  switch (step.type) {
    case 'wait':
      return (
        <>
          <Field label={t('seqDays')} kind="number" value={step.days} onChange={put('days')} />
          <Field label={t('seqHours')} kind="number" value={step.hours} onChange={put('hours')} />
          <Field label={t('seqUntil')} kind="time" value={step.until} onChange={put('until')} />
          {step.at !== undefined && (
            <Field label={t('seqAt')} kind="time" value={step.at} onChange={put('at')} />
          )}
        </>
      );
    case 'send':
      return (
        <>
          <Field label={t('seqTemplate')} kind="text" value={step.template} onChange={put('template')} />
          <Field
            label={t('seqChannels')}
            kind="select"
            options={CHANNELS}
            optionLabel={(o) => t(`channel-${o}` as Key)}
            value={step.channels ?? 'email-then-sms'}
            onChange={put('channels')}
          />
        </>
      );
    case 'task':
      return <Field label={t('seqTemplate')} kind="text" value={step.template} onChange={put('template')} />;
    case 'tag':
      return (
        <>
          <Field
            label={t('seqTagOp')}
            kind="select"
            options={['add', 'remove']}
            value={step.op}
            onChange={put('op')}
          />
          <Field label={t('seqTag')} kind="text" value={step.tag} onChange={put('tag')} />
        </>
      );
    case 'branch': {
      const condition = (step.condition ?? { kind: 'replied' }) as { kind: string } & Record<string, unknown>;
      return (
        <>
          <Field
            label={t('seqCondition')}
            kind="select"
            options={CONDITIONS}
            optionLabel={(o) => t(`cond-${o}` as Key)}
            value={condition.kind}
            onChange={(kind) => set({ ...step, condition: { kind } })}
          />
          {condition.kind === 'tag' && (
            <Field
              label={t('seqTag')}
              kind="text"
              value={condition.tag}
              onChange={(tag) => set({ ...step, condition: { ...condition, tag } })}
            />
          )}
          <Field label={t('seqYes')} kind="select" options={targets} value={step.yes} onChange={put('yes')} />
          <Field label={t('seqNo')} kind="select" options={targets} value={step.no} onChange={put('no')} />
        </>
      );
    }
    default:
      return null;
  }
}

function SequenceCard({ entry, onSaved }: { entry: SequenceEntry; onSaved: () => void }) {
  const [sequence, setSequence] = useState<SequenceDefinition>(entry.sequence);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const stats = useLoad<{ steps: StepStats[] }>(`/v1/sequences/${encodeURIComponent(entry.id)}/stats`);
  const save = async (next: SequenceDefinition) => {
    setError(undefined);
    try {
      const answer = await api<{ version: number }>('PUT', `/v1/sequences/${encodeURIComponent(entry.id)}`, {
        sequence: next,
        baseVersion: entry.version,
      });
      setSaved(`${t('seqSaved')} ${answer.version}`);
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? new Error(t('stale')) : e);
    }
  };
  const ids = sequence.steps.map((s) => s.id);
  const rowOf = (id: string) => stats.data?.steps.find((s) => s.step === id);
  return (
    <div class="card sequence" data-sequence={entry.id}>
      <h3>
        {sequence.name} <span class="muted">v{entry.version}</span>
      </h3>
      <p class="muted">
        {t('seqTrigger')}: {t(`trigger-${sequence.trigger.kind}` as Key)}
      </p>
      {sequence.enabled ? (
        <ConfirmButton
          label={t('seqStop')}
          warning={t('seqDisableWarning')}
          onConfirm={() => save({ ...sequence, enabled: false })}
        />
      ) : (
        <label>
          <input
            type="checkbox"
            checked={false}
            onChange={() => setSequence({ ...sequence, enabled: true })}
          />{' '}
          {t('seqEnabled')} <span class="muted">({t('seqStopped')})</span>
        </label>
      )}
      <ol class="seq-steps">
        {sequence.steps.map((step, i) => {
          const row = rowOf(step.id);
          return (
            <li key={step.id} data-step={step.id}>
              <strong>
                {t(`seq-${step.type}` as Key)} <span class="muted">({step.id})</span>
              </strong>
              <div class="seq-fields">
                <StepFields
                  step={step}
                  ids={ids}
                  set={(next) =>
                    setSequence({ ...sequence, steps: sequence.steps.map((s, j) => (j === i ? next : s)) })
                  }
                />
              </div>
              {row && (
                <p class="seq-stats muted">
                  {COUNTERS.map(([counter, label]) => `${t(label)} ${row[counter]}`).join(' · ')}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      <button type="button" onClick={() => save(sequence)}>
        {t('save')}
      </button>
      {saved && error === undefined && <p class="note">{saved}</p>}
      <ErrorNote error={error} />
      <SequenceDryRun sequenceId={entry.id} />
    </div>
  );
}

/** The sequences marketers define: each one's steps as fields, with how many customers are at each. */
export function SequencesPage() {
  const loaded = useLoad<{ sequences: SequenceEntry[] }>('/v1/sequences');
  return (
    <section>
      <h1>{t('sequences')}</h1>
      <p class="muted">{t('sequencesIntro')}</p>
      <Show loaded={loaded}>
        {({ sequences }) => (
          <div class="sequences">
            {/* The chase runs as a sequence too, but its steps are edited as the chase rule. */}
            {sequences
              .filter((entry) => entry.sequence.trigger.kind !== 'chased-message')
              .map((entry) => (
                <SequenceCard key={`${entry.id}:${entry.version}`} entry={entry} onSaved={loaded.reload} />
              ))}
          </div>
        )}
      </Show>
    </section>
  );
}
