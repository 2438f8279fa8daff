import { useState } from 'preact/hooks';
import type { HoldReason } from '../../../core/replies/authentication';
import { api } from '../api';
import { type Key, lang, t } from '../i18n';
import { useSession } from '../session';
import { ErrorNote, formatDuration, formatTime, href, Show, useLoad } from '../ui';
import { CustomerDates } from './customer-dates';
import { DataRights } from './data-rights';
import { ForecastCalendar, type ForecastEntry } from './forecast-calendar';

type TimelineEntry = {
  type: 'message' | 'reply' | 'task' | 'note' | 'event';
  id: string;
  at: string;
} & Record<string, unknown>;

interface CustomerFile {
  customer: Record<string, unknown> & { customerId: string; name: string; tags?: string[] };
  tier: string;
  lifetimeValue: number;
  complaint: { at: string } | null;
  suppressed: Record<string, unknown>;
  deals: { deal: Record<string, unknown> & { dealId: string }; stages: Record<string, string> }[];
  timeline: TimelineEntry[];
  sequences?: {
    sequenceId: string;
    entry: number;
    status: string;
    step?: string;
    endedBy?: string;
    enteredAt: string;
  }[];
  referrals?: {
    referredBy?: { customerId: string; name: string };
    given: { customerId: string; name: string; at: string }[];
  };
}

const PROFILE_FIELDS = [
  'email',
  'phone',
  'country',
  'city',
  'locale',
  'timezone',
  'birthday',
  'occupation',
  'notes',
];

function TimelineItem({
  entry,
  customerId,
  onChange,
}: {
  entry: TimelineEntry;
  customerId: string;
  onChange: () => void;
}) {
  const [error, setError] = useState<unknown>();
  // Marketers read tasks; admins and owners mark them.
  const { role } = useSession();
  const str = (key: string) => (typeof entry[key] === 'string' ? (entry[key] as string) : undefined);
  const taskAction = async (action: 'done' | 'undo') => {
    setError(undefined);
    try {
      await api(
        'POST',
        `/v1/customers/${encodeURIComponent(customerId)}/tasks/${encodeURIComponent(entry.id)}/${action}`,
      );
      onChange();
    } catch (e) {
      setError(e);
    }
  };
  let what: preact.ComponentChildren;
  switch (entry.type) {
    case 'message': {
      const delivery = entry.delivery as { event?: string } | undefined;
      what = (
        <>
          <b>{str('channel')}</b> {str('subject') ?? str('text')?.slice(0, 80)}{' '}
          <span class="muted">
            {str('by') ? `${t('answeredBy')} ${str('by')} · ` : ''}
            {str('rule')} · {str('template')} · {str('status')}
            {delivery?.event ? ` · ${delivery.event}` : ''}
            {str('repliedAt') ? ` · ${t('replied')}` : ''}
          </span>
        </>
      );
      break;
    }
    case 'reply':
      what = (
        <>
          <b class={str('kind') === 'complaint' ? 'bad' : ''}>
            {t('reply')} ({str('kind')})
          </b>{' '}
          {str('text')?.slice(0, 200)}
          {entry.untrusted !== undefined && (
            <div class="warn" data-testid="untrusted">
              {t(entry.untrusted as HoldReason)}
            </div>
          )}
          {typeof entry.latencySeconds === 'number' && (
            <span class="muted">
              {' '}
              · {t('latency')} {formatDuration(entry.latencySeconds)}
            </span>
          )}
        </>
      );
      break;
    case 'task':
      what = (
        <>
          <b>{t('task')}</b> {str('note')}{' '}
          <span class="muted">{str('status') === 'done' ? t('done') : t('open_')}</span>{' '}
          {role !== 'marketer' && (
            <button
              type="button"
              class="small"
              onClick={() => taskAction(str('status') === 'done' ? 'undo' : 'done')}
            >
              {str('status') === 'done' ? t('undo') : t('done')}
            </button>
          )}
          <ErrorNote error={error} />
        </>
      );
      break;
    case 'event':
      what = (
        <>
          <b>{str('event')}</b> <span class="muted">{str('detail')}</span>
        </>
      );
      break;
    default:
      what = (
        <>
          <b>{str('rule')}</b> {str('note')}
        </>
      );
  }
  return (
    <li class={`tl-${entry.type}`}>
      <time>{formatTime(entry.at)}</time> {what}
    </li>
  );
}

/** The customer's runs through sequences, entry times on the customer's own clock. */
function SequenceRuns({ file }: { file: CustomerFile }) {
  const zone = typeof file.customer.timezone === 'string' ? file.customer.timezone : 'UTC';
  const when = (iso: string) =>
    new Date(iso).toLocaleString(lang(), { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' });
  return (
    <>
      <h3>{t('seqRuns')}</h3>
      <ul data-testid="sequence-runs">
        {(file.sequences ?? []).map((run) => (
          <li key={`${run.sequenceId}:${run.entry}`}>
            {run.sequenceId} · {t(`run-${run.status}` as Key)}
            {run.status === 'active' ? ` · ${t('seqNext')} ${run.step ?? '—'}` : ` · ${run.endedBy ?? ''}`}{' '}
            <span class="muted">
              {t('seqEnteredAt')} {when(run.enteredAt)} ({zone})
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The customer's file: profile, tier, deals, referrals, timeline and the coming year's messages. */
export function CustomerFilePage({ customerId }: { customerId: string }) {
  const path = `/v1/customers/${encodeURIComponent(customerId)}`;
  const file = useLoad<CustomerFile>(path);
  const forecast = useLoad<{ from: string; timezone: string; messages: ForecastEntry[] }>(
    `${path}/forecast?days=365`,
  );
  return (
    <section>
      <Show loaded={file}>
        {(data) => (
          <>
            <h2>
              {data.customer.name}{' '}
              <span class="chip">
                {t('tier')} {data.tier}
              </span>
              {data.complaint && <span class="chip bad">{t('complaint')}</span>}
            </h2>
            <div class="columns">
              <div class="card">
                <h3>{t('profile')}</h3>
                <dl>
                  {PROFILE_FIELDS.filter((key) => data.customer[key] !== undefined).map((key) => (
                    <div key={key}>
                      <dt>{key}</dt>
                      <dd>{String(data.customer[key])}</dd>
                    </div>
                  ))}
                  <div>
                    <dt>{t('lifetimeValue')}</dt>
                    <dd>{data.lifetimeValue.toLocaleString()}</dd>
                  </div>
                </dl>
                {(data.customer.tags ?? []).map((tag) => (
                  <span class="chip" key={tag}>
                    {tag}
                  </span>
                ))}
                <h3>{t('referrals')}</h3>
                {data.referrals ? (
                  <ul>
                    {data.referrals.referredBy && (
                      <li>
                        {t('referredBy')}{' '}
                        <a href={href('customers', data.referrals.referredBy.customerId)}>
                          {data.referrals.referredBy.name}
                        </a>
                      </li>
                    )}
                    {data.referrals.given.map((r) => (
                      <li key={r.customerId}>
                        {t('referredOthers')} <a href={href('customers', r.customerId)}>{r.name}</a>{' '}
                        <span class="muted">{formatTime(r.at)}</span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p class="muted">
                    {data.customer.referredBy
                      ? `${t('referredBy')} ${String(data.customer.referredBy)}`
                      : '—'}
                  </p>
                )}
                <CustomerDates
                  customer={data.customer}
                  onSaved={() => {
                    file.reload();
                    forecast.reload();
                  }}
                />
                <h3>{t('deals')}</h3>
                <ul>
                  {data.deals.map(({ deal, stages }) => (
                    <li key={deal.dealId}>
                      {deal.dealId} · {String(deal.stage ?? '')} · {String(deal.amount ?? deal.value ?? '')}{' '}
                      <span class="muted">{Object.keys(stages).join(' → ')}</span>
                    </li>
                  ))}
                </ul>
                {(data.sequences ?? []).length > 0 && <SequenceRuns file={data} />}
              </div>
              <div class="card">
                <h3>{t('timeline')}</h3>
                <ol class="timeline" data-testid="timeline">
                  {[...data.timeline]
                    .sort((a, b) => b.at.localeCompare(a.at))
                    .map((entry) => (
                      <TimelineItem
                        key={`${entry.type}:${entry.id}`}
                        entry={entry}
                        customerId={customerId}
                        onChange={file.reload}
                      />
                    ))}
                </ol>
              </div>
            </div>
            <DataRights customerId={customerId} name={data.customer.name} />
          </>
        )}
      </Show>
      <Show loaded={forecast}>
        {(data) => <ForecastCalendar from={data.from} messages={data.messages} />}
      </Show>
    </section>
  );
}
