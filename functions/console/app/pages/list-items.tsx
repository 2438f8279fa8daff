import { t } from '../i18n';

/** `list` with item `i` moved by `by` places (kept in bounds). */
export function moved<T>(list: readonly T[], i: number, by: number): T[] {
  const j = Math.max(0, Math.min(list.length - 1, i + by));
  const next = [...list];
  const [item] = next.splice(i, 1);
  if (item !== undefined) next.splice(j, 0, item);
  return next;
}

export const without = <T,>(list: readonly T[], i: number): T[] => list.filter((_, k) => k !== i);

/** Up, down and remove buttons for item `i` of a list. */
export function ItemButtons(props: {
  i: number;
  count: number;
  onMove: (by: number) => void;
  onRemove?: () => void;
}) {
  return (
    <span class="item-buttons">
      <button
        type="button"
        disabled={props.i === 0}
        aria-label={t('ruleUp')}
        onClick={() => props.onMove(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        disabled={props.i === props.count - 1}
        aria-label={t('ruleDown')}
        onClick={() => props.onMove(1)}
      >
        ↓
      </button>
      {props.onRemove && (
        <button type="button" class="secondary" onClick={props.onRemove}>
          {t('ruleRemove')}
        </button>
      )}
    </span>
  );
}
