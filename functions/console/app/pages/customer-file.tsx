import { useState } from 'preact/hooks';
import { type Key, t } from '../i18n';
import { LocalTime } from '../local-time';
import { useSession } from '../session';
import { formatTime, href, Show, useLoad } from '../ui';
import { CustomerDates } from './customer-dates';
import { CustomerDeals, CustomerOwner, type DealEntry } from './customer-deals';
import { CustomerForm } from './customer-form';
import { DataRights } from './data-rights';
import { ForecastCalendar, type ForecastEntry } from './forecast-calendar';
import { type TimelineEntry, TimelineItem } from './timeline-item';

interface CustomerFile {
  customer: Record<string, unknown> & { customerId: string; name: string; tags?: string[] };
  tier: string;
  lifetimeValue: number;
  complaint: { at: string } | null;
  suppressed: Record<string, unknown>;
  deals: DealEntry[];
  timeline: TimelineEntry[];
  sequenceTags?: string[];
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

/** The profile's fields in the order a file shows them, each with its label. */
const PROFILE_FIELDS = [
  ['email', 'fieldEmail'],
  ['phone', 'fieldPhone'],
  ['country', 'profileCountry'],
  ['city', 'fieldCity'],
  ['locale', 'fieldLocale'],
  ['timezone', 'profileTimezone'],
  ['birthday', 'fieldBirthday'],
  ['occupation', 'profileOccupation'],
  ['notes', 'profileNotes'],
] as const satisfies readonly (readonly [string, Key])[];

/** The customer's runs through sequences, entry times on the customer's own clock. */
function SequenceRuns({ file }: { file: CustomerFile }) {
  const zone = typeof file.customer.timezone === 'string' ? file.customer.timezone : 'UTC';
  return (
    <>
      <h3>{t('seqRuns')}</h3>
      <ul data-testid="sequence-runs">
        {(file.sequences ?? []).map((run) => (
          <li key={`${run.sequenceId}:${run.entry}`}>
            {run.sequenceId} · {t(`run-${run.status}` as Key)}
            {run.status === 'active' ? ` · ${t('seqNext')} ${run.step ?? '—'}` : ` · ${run.endedBy ?? ''}`}{' '}
            <span class="muted">
              {t('seqEnteredAt')} <LocalTime at={run.enteredAt} zone={zone} /> ({zone})
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The customer's file: profile, tier, deals, referrals, timeline and the coming year's messages. */
export function CustomerFilePage({ customerId }: { customerId: string }) {
  const { role } = useSession();
  const [editing, setEditing] = useState(false);
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
            <h1>
              {data.customer.name}{' '}
              <span class="chip">
                {t('tier')} {data.tier}
              </span>
              {data.complaint && <span class="chip bad">{t('complaint')}</span>}
            </h1>
            <CustomerOwner owner={data.customer.owner} />
            {role === 'admin' &&
              (editing ? (
                <CustomerForm
                  customer={data.customer}
                  onSaved={() => {
                    setEditing(false);
                    file.reload();
                  }}
                  onCancel={() => setEditing(false)}
                />
              ) : (
                <button type="button" onClick={() => setEditing(true)}>
                  {t('editCustomer')}
                </button>
              ))}
            <div class="columns">
              <div class="card">
                <h3>{t('profile')}</h3>
                <dl>
                  {PROFILE_FIELDS.filter(([key]) => data.customer[key] !== undefined).map(([key, label]) => (
                    <div key={key}>
                      <dt>{t(label)}</dt>
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
                {(data.sequenceTags ?? []).map((tag) => (
                  <span class="chip muted" key={`sequence:${tag}`} title={t('sequenceTag')}>
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
                <CustomerDeals
                  deals={data.deals}
                  locale={String(data.customer.locale ?? 'en')}
                  timezone={String(data.customer.timezone ?? 'UTC')}
                />
                {(data.sequences ?? []).length > 0 && <SequenceRuns file={data} />}
              </div>
              <div class="card">
                <h3>{t('timeline')}</h3>
                {data.timeline.length === 0 && <p class="muted">{t('noTimeline')}</p>}
                <ol class="timeline" data-testid="timeline">
                  {[...data.timeline]
                    .sort((a, b) => b.at.localeCompare(a.at))
                    .map((entry) => (
                      <TimelineItem
                        key={`${entry.type}:${entry.id}`}
                        entry={entry}
                        customerId={customerId}
                        zone={typeof data.customer.timezone === 'string' ? data.customer.timezone : undefined}
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
