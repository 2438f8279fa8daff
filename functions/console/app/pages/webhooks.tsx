import { useState } from 'preact/hooks';
import { type WebhookEventType, webhookEventTypes } from '../../../core/webhooks/event-types';
import { api } from '../api';
import { ConfirmButton } from '../confirm';
import { t } from '../i18n';
import { ErrorNote, formatTime, Show, useLoad } from '../ui';

interface Endpoint {
  id: string;
  url: string;
  events: WebhookEventType[];
  secret: string;
  description?: string;
  disabled: { at: string; reason: string } | null;
  previousSecretUntil: string | null;
}

interface Delivery {
  webhookId: string;
  type: WebhookEventType;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  lastAttemptAt: string;
  responseStatus?: number;
  error?: string;
}

function EventChoice({
  chosen,
  onChange,
}: {
  chosen: WebhookEventType[];
  onChange: (e: WebhookEventType[]) => void;
}) {
  return (
    <fieldset class="events">
      <legend>{t('endpointEvents')}</legend>
      {webhookEventTypes.map((type) => (
        <label class="inline" key={type}>
          <input
            type="checkbox"
            name="events"
            value={type}
            checked={chosen.includes(type)}
            onChange={(e) =>
              onChange(e.currentTarget.checked ? [...chosen, type] : chosen.filter((c) => c !== type))
            }
          />
          <span>
            {t(type)}
            <br />
            <code class="muted">{type}</code>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function Deliveries({ endpoint }: { endpoint: Endpoint }) {
  const [dead, setDead] = useState(false);
  const base = `/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=50`;
  const log = useLoad<{ deliveries: Delivery[] }>(dead ? `${base}&status=dead` : base);
  const [note, setNote] = useState<string>();
  const [error, setError] = useState<unknown>();
  const replay = async () => {
    setError(undefined);
    try {
      const { replayed } = await api<{ replayed: string[] }>(
        'POST',
        `/v1/webhook-endpoints/${endpoint.id}/replay`,
        {},
      );
      setNote(t('replayed', { count: replayed.length }));
      log.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      <div class="row wrap tabs" role="tablist">
        <button type="button" role="tab" aria-selected={!dead} onClick={() => setDead(false)}>
          {t('deliveryLog')}
        </button>
        <button type="button" role="tab" aria-selected={dead} onClick={() => setDead(true)}>
          {t('deadLetters')}
        </button>
        {dead && (
          <button type="button" class="small" disabled={!!endpoint.disabled} onClick={replay}>
            {t('replay')}
          </button>
        )}
      </div>
      {note && <p class="note">{note}</p>}
      <ErrorNote error={error} />
      <Show loaded={log}>
        {({ deliveries }) =>
          deliveries.length === 0 ? (
            <p class="muted">{t('noDeliveries')}</p>
          ) : (
            <div class="scroll">
              <table class="list" data-testid="deliveries">
                <tbody>
                  {deliveries.map((d) => (
                    <tr key={d.webhookId}>
                      <td>
                        {t(d.type)}
                        <br />
                        <code class="muted">{d.webhookId}</code>
                      </td>
                      <td class={d.status === 'dead' ? 'bad' : ''}>{t(`status.${d.status}`)}</td>
                      <td>
                        {t('attempts')}: {d.attempts}
                        <br />
                        {formatTime(d.lastAttemptAt)}
                      </td>
                      <td>
                        {d.responseStatus ?? ''} {d.error ? <span class="muted">{d.error}</span> : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Show>
    </div>
  );
}

function EndpointCard({ endpoint, onChange }: { endpoint: Endpoint; onChange: () => void }) {
  const [reveal, setReveal] = useState(false);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  const change = async (method: 'PATCH' | 'DELETE', body?: unknown) => {
    setError(undefined);
    try {
      await api(method, `/v1/webhook-endpoints/${endpoint.id}`, body);
      onChange();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="card" data-testid="endpoint">
      <h3 class="endpoint-url">{endpoint.url}</h3>
      {endpoint.disabled ? (
        <p class="bad">{t('disabledBecause', { reason: endpoint.disabled.reason })}</p>
      ) : (
        <span class="chip">{t('enabledNow')}</span>
      )}
      {endpoint.description && <p>{endpoint.description}</p>}
      <p>
        {endpoint.events.map((type) => (
          <span class="chip" key={type}>
            {t(type)}
          </span>
        ))}
      </p>
      <p>
        {t('secret')}: <code class="secret">{reveal ? endpoint.secret : 'whsec_••••••••'}</code>{' '}
        <button type="button" class="link" onClick={() => setReveal(!reveal)}>
          {reveal ? t('hideSecret') : t('showSecret')}
        </button>
      </p>
      {endpoint.previousSecretUntil && (
        <p class="muted">{t('previousUntil', { at: formatTime(endpoint.previousSecretUntil) })}</p>
      )}
      <div class="row wrap">
        <ConfirmButton
          label={t('rotateSecret')}
          warning={t('rotateWarning')}
          onConfirm={() => change('PATCH', { rotateSecret: true })}
        />
        <button type="button" onClick={() => change('PATCH', { enabled: !!endpoint.disabled })}>
          {endpoint.disabled ? t('enable') : t('disable')}
        </button>
        <ConfirmButton
          danger
          label={t('deleteEndpoint')}
          warning={t('deleteEndpointWarning')}
          onConfirm={() => change('DELETE')}
        />
        <button type="button" class="link" onClick={() => setOpen(!open)}>
          {t('deliveryLog')}
        </button>
      </div>
      <ErrorNote error={error} />
      {open && <Deliveries endpoint={endpoint} />}
    </div>
  );
}

/** Where other systems hear what happens: their endpoints, each with its secret, events and delivery log. */
export function WebhooksPage() {
  const endpoints = useLoad<{ endpoints: Endpoint[] }>('/v1/webhook-endpoints');
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>([...webhookEventTypes]);
  const [added, setAdded] = useState<Endpoint>();
  const [error, setError] = useState<unknown>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      const endpoint = await api<Endpoint>('POST', '/v1/webhook-endpoints', {
        url: url.trim(),
        events,
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      setAdded(endpoint);
      setUrl('');
      setDescription('');
      endpoints.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section>
      <h1>{t('webhooks')}</h1>
      <p class="muted">{t('webhooksIntro')}</p>
      <form class="card" onSubmit={submit}>
        <label>
          {t('endpointUrl')}
          <input name="url" type="url" required value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        </label>
        <label>
          {t('endpointDescription')}
          <input
            name="description"
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </label>
        <EventChoice chosen={events} onChange={setEvents} />
        <button type="submit" disabled={events.length === 0}>
          {t('addEndpoint')}
        </button>
        <ErrorNote error={error} />
        {added && (
          <p class="note" data-testid="new-secret">
            {t('endpointAdded')} <code class="secret">{added.secret}</code>
          </p>
        )}
      </form>
      <Show loaded={endpoints}>
        {({ endpoints: list }) => (
          <>
            {list.map((endpoint) => (
              <EndpointCard key={endpoint.id} endpoint={endpoint} onChange={endpoints.reload} />
            ))}
          </>
        )}
      </Show>
    </section>
  );
}
