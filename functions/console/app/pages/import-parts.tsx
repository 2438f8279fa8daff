import type { ImportConflict } from '../../../import/customer-batches';
import { t } from '../i18n';

/** A line of a problems table: the rows as the spreadsheet numbers them, the column's header, and what is wrong. */
export interface ProblemLine {
  row: number | string;
  column: string;
  reason: string;
}

/** The problems table: row as the spreadsheet numbers it, the column's header, and what is wrong. */
export function Problems({
  problems,
  testId = 'import-problems',
}: {
  problems: ProblemLine[];
  testId?: string;
}) {
  return (
    <table class="list" data-testid={testId}>
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

/** Conflicts as problem lines: every row of the customer, the phone or email column, who is on file. */
export function conflictLines(conflicts: readonly ImportConflict[]): ProblemLine[] {
  return conflicts.map((c) => ({
    row: c.rows.join(', '),
    column: c.column,
    reason: t('conflictReason', { name: c.existing.name, id: c.existing.customerId }),
  }));
}

/** How far an import is: rows sent of all, and since when. */
export interface Progress {
  done: number;
  total: number;
  startedAt: number;
  now: number;
}

/** The progress bar with rows per second and the time left. */
export function ProgressBar({ progress }: { progress: Progress }) {
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

/** A checkbox with its label on the same line. */
export function Checkbox(props: {
  name: string;
  label: string;
  checked: boolean;
  disabled: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label class="inline">
      <input
        type="checkbox"
        name={props.name}
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      {props.label}
    </label>
  );
}
