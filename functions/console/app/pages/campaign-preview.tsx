import { t } from '../i18n';

export interface Audience {
  matched: number;
  exact: boolean;
  estimate: number | null;
  reachable?: number;
  unreachable?: number;
}

type Rendered =
  | { channel: 'email'; subject: string; html: string; text: string }
  | { channel: 'sms'; text: string };

export type PreviewMessage = Rendered & { customerId: string; template: string; locale: string };

export interface DryRun {
  status: 'dry-run';
  audience: Audience;
  previews?: PreviewMessage[];
  preview: PreviewMessage | null;
}

/** How many the segment matches and, on the chosen channels, how many of them can be reached. */
export function AudienceLine({ audience }: { audience: Audience }) {
  const count = audience.exact ? audience.matched : `≈ ${audience.estimate ?? audience.matched}`;
  return (
    <span class="audience">
      <span data-testid="segment-count">{t('cmpMatched', { count })}</span>
      {audience.reachable !== undefined && (
        <span data-testid="segment-reach" class="muted">
          {' '}
          ({t('cmpReach', { reachable: audience.reachable, unreachable: audience.unreachable ?? 0 })})
        </span>
      )}
    </span>
  );
}

/**
 * A dry run as the sample recipient will get it: the email in a sandboxed
 * frame (no scripts, no same-origin access: the HTML is the marketer's), the
 * SMS as its text.
 */
export function DryRunView({ result }: { result: DryRun }) {
  const previews = result.previews ?? (result.preview ? [result.preview] : []);
  return (
    <div class="dry-run" data-testid="dry-run">
      <p class="ok">{t('cmpDryRunDone')}</p>
      <p>
        <AudienceLine audience={result.audience} />
      </p>
      {previews.length === 0 && <p class="muted">{t('cmpNoPreview')}</p>}
      {previews.map((message) =>
        message.channel === 'email' ? (
          <figure class="preview" key="email" data-testid="preview-email">
            <figcaption>{t('cmpPreviewEmail', { customer: message.customerId })}</figcaption>
            <p>
              <strong>{t('cmpSubject')}:</strong> <span data-testid="preview-subject">{message.subject}</span>
            </p>
            <iframe
              sandbox=""
              srcdoc={message.html}
              title={t('cmpPreviewEmail', { customer: message.customerId })}
            />
          </figure>
        ) : (
          <figure class="preview" key="sms" data-testid="preview-sms">
            <figcaption>{t('cmpPreviewSms', { customer: message.customerId })}</figcaption>
            <pre class="sms wrap">{message.text}</pre>
          </figure>
        ),
      )}
    </div>
  );
}
