import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { ItemButtons, moved, without } from './list-items';
import { Problems } from './rule-fields';

/**
 * The caps' priority: rules, campaigns and sequences in order, moved up and down; one not
 * listed ranks below every listed one, so a new sequence is added here to rank higher.
 */
export function PriorityList(props: {
  value: string[];
  describe: (id: string) => string;
  /** Every id that may be listed (rules, `campaigns`, `sequence:<id>`). */
  rankable: readonly string[];
  onChange: (v: string[]) => void;
}) {
  const unlisted = props.rankable.filter((id) => !props.value.includes(id));
  const [adding, setAdding] = useState('');
  const chosen = unlisted.includes(adding) ? adding : (unlisted[0] ?? '');
  return (
    <fieldset class="rule-field wide">
      <legend>{t('rulePriority')}</legend>
      <ol class="priority">
        {props.value.map((id, i) => (
          <li key={id} data-priority={id}>
            <span>{props.describe(id)}</span>
            <ItemButtons
              i={i}
              count={props.value.length}
              onMove={(by) => props.onChange(moved(props.value, i, by))}
              onRemove={() => props.onChange(without(props.value, i))}
            />
            <Problems path={`priority.${i}`} />
          </li>
        ))}
      </ol>
      {unlisted.length > 0 && (
        <span class="row wrap">
          <label class="rule-field">
            <span>{t('rulePriorityAdd')}</span>
            <select name="priority-add" value={chosen} onChange={(e) => setAdding(e.currentTarget.value)}>
              {unlisted.map((id) => (
                <option key={id} value={id}>
                  {props.describe(id)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" class="secondary" onClick={() => props.onChange([...props.value, chosen])}>
            {t('ruleAddToList')}
          </button>
        </span>
      )}
    </fieldset>
  );
}
