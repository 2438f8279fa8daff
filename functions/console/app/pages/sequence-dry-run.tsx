import { useState } from 'preact/hooks';
import { api } from '../api';
import { CustomerPicker } from '../customer-picker';
import { t } from '../i18n';
import { ErrorNote } from '../ui';

interface DryRunStep {
  at: string;
  local: string;
  occurrence: string;
  template: string;
  channel: string;
  status: 'scheduled' | 'deferred' | 'dropped';
}

type DryRun =
  | { entered: true; already: boolean; timezone: string; startsAt?: string; steps: DryRunStep[] }
  | { entered: false; reason: 'tier' | 'reentry' };

/** The step a forecast occurrence names: `<entry>:<step id>`, or `enter:<date>` when a date or silence starts the run. */
const stepOf = (occurrence: string) =>
  occurrence.startsWith('enter:') ? t('seqDryRunEnter') : occurrence.slice(occurrence.indexOf(':') + 1);

/** For a chosen customer, the date and local time each step would fire, from the engine's planner. */
export function SequenceDryRun({ sequenceId }: { sequenceId: string }) {
  const [customerId, setCustomerId] = useState('');
  const [result, setResult] = useState<DryRun>();
  const [error, setError] = useState<unknown>();
  const run = async () => {
    setError(undefined);
    setResult(undefined);
    try {
      setResult(
        await api<DryRun>('POST', `/v1/sequences/${encodeURIComponent(sequenceId)}/dry-run`, { customerId }),
      );
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="seq-dry-run" data-testid="sequence-dry-run">
      <CustomerPicker
        label={t('seqDryRunFor')}
        name={`dry-run-${sequenceId}`}
        value={customerId}
        onChange={setCustomerId}
      />
      <button type="button" disabled={!customerId} onClick={run}>
        {t('seqDryRun')}
      </button>
      <ErrorNote error={error} />
      {result && !result.entered && <p class="note">{t(`seqDryRunNot-${result.reason}`)}</p>}
      {result?.entered && (
        <>
          <p class="muted">
            {result.already
              ? t('seqDryRunAlready')
              : result.startsAt
                ? t('seqDryRunStarts')
                : t('seqDryRunEntering')}{' '}
            ({result.timezone})
          </p>
          {result.steps.length === 0 && <p class="note">{t('seqDryRunNothing')}</p>}
          <ol class="seq-dry-steps">
            {result.steps.map((step) => (
              <li key={step.occurrence}>
                <time dateTime={step.at}>{step.local}</time> · {stepOf(step.occurrence)}
                {step.channel === 'email' || step.channel === 'sms'
                  ? ` · ${step.template} · ${t(step.channel)}`
                  : ''}
                {step.status !== 'scheduled' && <span class="warn"> · {t(`seqDryRun-${step.status}`)}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
