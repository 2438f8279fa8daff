import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from './i18n';

/**
 * A button whose action happens only once confirmed: the first click shows
 * what it will do (`warning`) with Confirm and Cancel; with `typed`, Confirm
 * stays disabled until that text is typed (an erasure asks for the id).
 */
export function ConfirmButton({
  label,
  warning,
  typed,
  typedLabel,
  danger = false,
  disabled = false,
  onConfirm,
}: {
  label: string;
  warning: ComponentChildren;
  typed?: string;
  typedLabel?: string;
  danger?: boolean;
  disabled?: boolean;
  onConfirm: () => Promise<void> | void;
}) {
  const [asking, setAsking] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        class={danger ? 'danger' : ''}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
      setAsking(false);
      setText('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="confirm" role="alertdialog" aria-label={label}>
      <p>{warning}</p>
      {typed !== undefined && (
        <label>
          {typedLabel}
          <input value={text} autocomplete="off" onInput={(e) => setText(e.currentTarget.value)} />
        </label>
      )}
      <div class="row">
        <button
          type="button"
          class={danger ? 'danger' : ''}
          disabled={busy || (typed !== undefined && text.trim() !== typed)}
          onClick={confirm}
        >
          {t('confirm')}: {label}
        </button>
        <button type="button" class="link" onClick={() => setAsking(false)}>
          {t('cancel')}
        </button>
      </div>
    </div>
  );
}
