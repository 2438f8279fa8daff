import { t } from '../i18n';

/** A rendering of a source for a customer, as the preview route answers it. */
export interface Preview {
  channel: 'email' | 'sms';
  subject?: string;
  html?: string;
  text: string;
  segments?: { count: number; encoding: string; characters: number };
  locale: string;
}

/** The rendered message: the SMS with its segments, or the email's subject and sandboxed body. */
export function PreviewView({ preview }: { preview: Preview }) {
  if (preview.channel === 'sms') {
    return (
      <div data-testid="sms-preview">
        <pre class="sms">{preview.text}</pre>
        {preview.segments && (
          <p class="muted">
            {preview.segments.count} {t('segments')} · {preview.segments.encoding} ·{' '}
            {preview.segments.characters}
          </p>
        )}
      </div>
    );
  }
  return (
    <div>
      <p>
        <strong>{t('subject')}:</strong> <span data-testid="preview-subject">{preview.subject}</span>
      </p>
      {/* No allow-scripts: the email renders, anything active in it does not run. */}
      <iframe
        title={t('preview')}
        sandbox=""
        srcdoc={preview.html ?? `<pre>${escapeHtml(preview.text)}</pre>`}
      />
    </div>
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
