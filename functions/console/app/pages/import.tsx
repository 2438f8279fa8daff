import { useEffect, useState } from 'preact/hooks';
import { type ColumnMapping, mapColumns } from '../../../import/column-mapping';
import {
  type BatchItemResult,
  CUSTOMER_BATCH_LIMIT,
  chunks,
  type ImportConflict,
  sendCustomerBatch,
} from '../../../import/customer-batches';
import { type Consent, NO_CONSENT, type ValidationOptions } from '../../../import/options';
import { buildReport, type ValidationReport } from '../../../import/report';
import { type RowProblem, type ValidationResult, validateRows } from '../../../import/row-validation';
import { readSheetRows, type SheetRow } from '../../../import/sheet';
import { api } from '../api';
import { t } from '../i18n';
import { ErrorNote } from '../ui';
import { Checkbox, conflictLines, Problems, type Progress, ProgressBar } from './import-parts';

interface Checked {
  mapping: ColumnMapping;
  result: ValidationResult;
  report: ValidationReport;
}

interface Summary {
  counts: Record<string, number>;
  rejected: RowProblem[];
  /** Rows left unwritten: their phone or email belongs to a customer on file by another name. */
  conflicts: ImportConflict[];
  skipped: number;
  stopped?: unknown;
}

type Defaults = { country: string; locale: string; timezone: string };

/**
 * Reads a customer spreadsheet in the browser with the CLI's own parsing,
 * column mapping and validation, shows the report before anything is written,
 * then files the valid rows through `POST /v1/customers/batch`. A row whose
 * phone or email belongs to a customer on file by another name is reported and
 * not written unless "Update customers already on file" is ticked.
 */
export function ImportPage() {
  const [sheet, setSheet] = useState<{ name: string; rows: SheetRow[] }>();
  const [defaults, setDefaults] = useState<Defaults>({ country: '', locale: '', timezone: '' });
  const [checked, setChecked] = useState<Checked>();
  const [error, setError] = useState<unknown>();
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [consent, setConsent] = useState<Consent>(NO_CONSENT);
  const [updateExisting, setUpdateExisting] = useState(false);
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

  const run = async ({ mapping, result }: Checked) => {
    const { records } = result;
    const startedAt = performance.now();
    const done: Summary = { counts: {}, rejected: [], conflicts: [], skipped: result.invalidRows };
    setSummary(undefined);
    setProgress({ done: 0, total: records.length, startedAt, now: startedAt });
    const onConflict = updateExisting ? 'update' : 'report';
    const post = async (customers: Record<string, unknown>[]) =>
      (
        await api<{ results: BatchItemResult[] }>('POST', '/v1/customers/batch', {
          customers,
          onConflict,
        })
      ).results;
    let sent = 0;
    try {
      for (const batch of chunks(records, CUSTOMER_BATCH_LIMIT)) {
        const outcome = await sendCustomerBatch(post, batch, mapping);
        for (const [status, n] of Object.entries(outcome.counts))
          done.counts[status] = (done.counts[status] ?? 0) + n;
        done.rejected.push(...outcome.rejected);
        done.conflicts.push(...outcome.conflicts);
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
      <h1>{t('importTitle')}</h1>
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
          <Checkbox
            key={channel}
            name={`consent-${channel}`}
            label={t(channel === 'email' ? 'consentEmail' : 'consentSms')}
            checked={consent[channel]}
            disabled={running}
            onChange={(on) => setConsent((current) => ({ ...current, [channel]: on }))}
          />
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
              <Checkbox
                name="skip-invalid"
                label={t('skipInvalid')}
                checked={skipInvalid}
                disabled={running}
                onChange={setSkipInvalid}
              />
            </>
          )}
          <Checkbox
            name="update-existing"
            label={t('updateExisting')}
            checked={updateExisting}
            disabled={running}
            onChange={setUpdateExisting}
          />
          <button
            type="button"
            data-testid="import-start"
            disabled={blocked || running}
            onClick={() => run(checked)}
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
            {summary.conflicts.length > 0 && ` · ${summary.conflicts.length} ${t('notWritten')}`}
          </p>
          <ErrorNote error={summary.stopped} />
          {summary.rejected.length > 0 && <Problems problems={summary.rejected} />}
          {summary.conflicts.length > 0 && (
            <>
              <Problems problems={conflictLines(summary.conflicts)} testId="import-conflicts" />
              <p class="note">{t('conflictHint')}</p>
            </>
          )}
        </div>
      )}
    </section>
  );
}
