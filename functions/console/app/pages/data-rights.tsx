import { useState } from 'preact/hooks';
import { api } from '../api';
import { ConfirmButton } from '../confirm';
import { t } from '../i18n';
import { ErrorNote, formatTime, href } from '../ui';

/** A customer's data rights on their file: everything held about them as a download, or erasure. */
export function DataRights({ customerId, name }: { customerId: string; name: string }) {
  const path = `/v1/customers/${encodeURIComponent(customerId)}`;
  const [erasedAt, setErasedAt] = useState<string>();
  const [error, setError] = useState<unknown>();
  const download = async () => {
    setError(undefined);
    try {
      const document = await api<unknown>('GET', `${path}/export`);
      const url = URL.createObjectURL(
        new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' }),
      );
      const link = Object.assign(window.document.createElement('a'), {
        href: url,
        download: `customer-${customerId.replace(/[^\w.-]/g, '_')}.json`,
      });
      link.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setError(e);
    }
  };
  const erase = async () => {
    setError(undefined);
    try {
      const erased = await api<{ erasedAt: string }>('DELETE', path);
      setErasedAt(erased.erasedAt);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="card" data-testid="data-rights">
      <h3>{t('dataRights')}</h3>
      <p class="muted">{t('dataRightsIntro')}</p>
      {erasedAt ? (
        <p class="note" role="status">
          {t('erasedNote', { at: formatTime(erasedAt) })} <a href={href('customers')}>{t('customers')}</a>
        </p>
      ) : (
        <div class="row wrap">
          <button type="button" onClick={download}>
            {t('exportJson')}
          </button>
          <ConfirmButton
            danger
            label={t('eraseCustomer')}
            warning={t('eraseWarning', { name })}
            typed={customerId}
            typedLabel={t('typeToConfirm', { id: customerId })}
            onConfirm={erase}
          />
        </div>
      )}
      <ErrorNote error={error} />
    </div>
  );
}
