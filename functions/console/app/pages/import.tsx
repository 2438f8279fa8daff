import { useEffect, useState } from 'preact/hooks';
import { type ColumnMapping, mapColumns } from '../../../import/column-mapping';
import { CUSTOMER_BATCH_LIMIT, chunks, sendCustomerBatch } from '../../../import/customer-batches';
import { type Consent, NO_CONSENT, type ValidationOptions } from '../../../import/options';
import { buildReport, type ValidationReport } from '../../../import/report';
import { type RowProblem, type ValidationResult, validateRows } from '../../../import/row-validation';
import { readSheetRows, type SheetRow } from '../../../import/sheet';
import { api } from '../api';
import { t } from '../i18n';
import { ErrorNote } from '../ui';

interface Checked {
  mapping: ColumnMapping;
  result: ValidationResult;
  report: ValidationReport;
}

interface Progress {
  done: number;
  total: number;
  startedAt: number;
  now: number;
}

interface Summary {
  counts: Record<string, number>;
  rejected: RowProblem[];
  skipped: number;
  stopped?: unknown;
}

type Defaults = { country: string; locale: string; timezone: string };

/** The problems table: row as the spreadsheet numbers it, the column's header, and what is wrong. */
function Problems({ problems }: { problems: RowProblem[] }) {
  return (
    <table class="list" data-testid="import-problems">
      <thead>
        <tr>
          <th>{t('row')}</th>
          <th>{t('column')}</th>
          <th>{t('problem')}</th>
        </tr>
      </thead>
      <tbody>
        {problems.map((p) => (
          <tr key={`${p.row}/${p.column}/${p.reason}`}>
            <td>{p.row}</td>
            <td>{p.column}</td>
            <td>{p.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ProgressBar({ progress }: { progress: Progress }) {
  const seconds = (progress.now - progress.startedAt) / 1000;
  const rate = seconds > 0 ? progress.done / seconds : 0;
  const eta = rate > 0 ? Math.ceil((progress.total - progress.done) / rate) : undefined;
  return (
    <div data-testid="import-progress">
      <progress max={progress.total} value={progress.done} />{' '}
      <span class="muted">
        {progress.done}/{progress.total} · {Math.round(rate)} {t('rowsPerSecond')}
        {eta !== undefined && ` · ${t('eta')} ${eta} s`}
      </span>
    </div>
  );
}

/**
 * Reads a customer spreadsheet in the browser with the CLI's own parsing,
 * column mapping and validation, shows the report before anything is written,
 * then files the valid rows through `POST /v1/customers/batch`.
 */
export function ImportPage() {
  const [sheet, setSheet] = useState<{ name: string; rows: SheetRow[] }>();
  const [defaults, setDefaults] = useState<Defaults>({ country: '', locale: '', timezone: '' });
  const [checked, setChecked] = useState<Checked>();
  const [error, setError] = useState<unknown>();
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [consent, setConsent] = useState<Consent>(NO_CONSENT);
  const [progress, setProgress] = useState<Progress>();
  const [summary, setSummary] = useState<Summary>();
  const running = progress !== undefined && summary === undefined;

  useEffect(() => {
    if (!sheet) return;
    let live = true;
    const options: ValidationOptions = {
      kind: 'customers',
      idColumn: undefined,
      defaults: Object.fromEntries(Object.entries(defaults).filter(([, v]) => v.trim() !== '')),
      consent,
    };
    (async () => {
      const mapping = mapColumns(sheet.rows, {});
      const result = await validateRows(sheet.rows, mapping, options);
      return { mapping, result, report: buildReport(sheet.name, 'customers', mapping, result) };
    })().then(
      (next) => {
        if (!live) return;
        setChecked(next);
        setError(undefined);
      },
      (e: unknown) => {
        if (!live) return;
        setChecked(undefined);
        setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [sheet, defaults, consent]);

  const pick = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    setSummary(undefined);
    setProgress(undefined);
    setChecked(undefined);
    if (!file) return setSheet(undefined);
    try {
      const rows = await readSheetRows(file.name, new Uint8Array(await file.arrayBuffer()));
      setSheet({ name: file.name, rows });
      setError(undefined);
    } catch (e) {
      setSheet(undefined);
      setError(e);
    }
  };

  const run = async (records: ValidationResult['records'], skipped: number) => {
    const startedAt = performance.now();
    const done: Summary = { counts: {}, rejected: [], skipped };
    setSummary(undefined);
    setProgress({ done: 0, total: records.length, startedAt, now: startedAt });
    const post = async (customers: Record<string, unknown>[]) =>
      (
        await api<{ results: { status: string; error?: string }[] }>('POST', '/v1/customers/batch', {
          customers,
        })
      ).results;
    let sent = 0;
    try {
      for (const batch of chunks(records, CUSTOMER_BATCH_LIMIT)) {
        const outcome = await sendCustomerBatch(post, batch);
        for (const [status, n] of Object.entries(outcome.counts))
          done.counts[status] = (done.counts[status] ?? 0) + n;
        done.rejected.push(...outcome.rejected);
        sent += batch.length;
        setProgress({ done: sent, total: records.length, startedAt, now: performance.now() });
      }
    } catch (e) {
      done.stopped = e;
    }
    setSummary(done);
  };

  const field = (key: keyof Defaults, label: string, placeholder: string) => (
    <label>
      {label}
      <input
        name={`default-${key}`}
        value={defaults[key]}
        placeholder={placeholder}
        disabled={running}
        onInput={(e) => {
          const value = e.currentTarget.value;
          setDefaults((current) => ({ ...current, [key]: value }));
        }}
      />
    </label>
  );

  const result = checked?.result;
  const blocked = !result || result.records.length === 0 || (result.invalidRows > 0 && !skipInvalid);
  return (
    <section class="card import">
      <h2>{t('importTitle')}</h2>
      <label>
        {t('importFile')}
        <input
          type="file"
          name="sheet"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          disabled={running}
          onChange={(e) => pick(e.currentTarget)}
        />
      </label>
      <fieldset class="row wrap">
        <legend class="muted">{t('importDefaults')}</legend>
        {field('country', t('country'), 'CN')}
        {field('locale', t('locale'), 'zh-CN')}
        {field('timezone', t('timezone'), 'Asia/Shanghai')}
      </fieldset>
      <fieldset class="row wrap" data-testid="import-consent">
        <legend class="muted">{t('importConsent')}</legend>
        {(['email', 'sms'] as const).map((channel) => (
          <label class="inline" key={channel}>
            <input
              type="checkbox"
              name={`consent-${channel}`}
              checked={consent[channel]}
              disabled={running}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setConsent((current) => ({ ...current, [channel]: on }));
              }}
            />
            {t(channel === 'email' ? 'consentEmail' : 'consentSms')}
          </label>
        ))}
      </fieldset>
      <p class="muted">{t('dealsByCli')}</p>
      <ErrorNote error={error} />
      {checked && (
        <div data-testid="import-report">
          <h3>
            {t('columns')}{' '}
            <span class="muted">
              ({t('headerRow')} {checked.mapping.headerRow})
            </span>
          </h3>
          <ul class="mapping" data-testid="import-mapping">
            {checked.report.columns.map((c, i) => (
              <li key={`${i}:${c.header}`} class={c.field ? '' : 'muted'}>
                {c.header || '—'} → {c.field ?? t('notImported')}
              </li>
            ))}
          </ul>
          <p data-testid="import-counts">
            {t('rowsChecked', {
              rows: checked.report.rows,
              valid: checked.report.valid,
              invalid: checked.report.invalid,
            })}
            {checked.result.merged > 0 && ` · ${t('merged', { n: checked.result.merged })}`}
          </p>
          {checked.report.consent && (
            <p data-testid="import-consent-counts">{t('consentCounts', checked.report.consent)}</p>
          )}
          {checked.result.problems.length > 0 && (
            <>
              <Problems problems={checked.result.problems} />
              {!summary && <p class="note">{`${t('nothingWritten')} ${t('fixOrSkip')}`}</p>}
              <label class="inline">
                <input
                  type="checkbox"
                  name="skip-invalid"
                  checked={skipInvalid}
                  disabled={running}
                  onChange={(e) => setSkipInvalid(e.currentTarget.checked)}
                />
                {t('skipInvalid')}
              </label>
            </>
          )}
          <button
            type="button"
            data-testid="import-start"
            disabled={blocked || running}
            onClick={() => run(checked.result.records, checked.result.invalidRows)}
          >
            {t('importN', { n: checked.result.records.length })}
          </button>
        </div>
      )}
      {progress && <ProgressBar progress={progress} />}
      {summary && (
        <div data-testid="import-summary" role="status">
          <h3>{summary.stopped === undefined ? t('importDone') : t('importStopped')}</h3>
          <p>
            {summary.counts.created ?? 0} {t('created')} · {summary.counts.updated ?? 0} {t('updated')} ·{' '}
            {summary.rejected.length} {t('failed')} · {summary.skipped} {t('skipped')}
          </p>
          <ErrorNote error={summary.stopped} />
          {summary.rejected.length > 0 && <Problems problems={summary.rejected} />}
        </div>
      )}
    </section>
  );
}
