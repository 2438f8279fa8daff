import { t } from '../i18n';

export interface DealEntry {
  deal: Record<string, unknown> & { dealId: string };
  stages: Record<string, string>;
}

interface DealItem {
  name?: string;
  quantity?: number;
  unitPrice?: number;
}

const itemsOf = (deal: DealEntry['deal']): DealItem[] =>
  Array.isArray(deal.items) ? (deal.items as DealItem[]) : [];

/** The deal's amount: as posted, or the sum of its items. */
function amountOf(deal: DealEntry['deal']): number | undefined {
  if (typeof deal.amount === 'number') return deal.amount;
  const priced = itemsOf(deal).filter((item) => typeof item.unitPrice === 'number');
  if (!priced.length) return undefined;
  return priced.reduce((sum, item) => sum + (item.unitPrice ?? 0) * (item.quantity ?? 1), 0);
}

/** When the deal happened: the backend's time, or its first stage on file. */
function dateOf({ deal, stages }: DealEntry): string | undefined {
  if (typeof deal.occurredAt === 'string') return deal.occurredAt;
  return Object.values(stages).sort()[0];
}

/** A money amount in the customer's language (Intl), with its currency when the deal gives one. */
export function formatAmount(amount: number, currency: string | undefined, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, currency ? { style: 'currency', currency } : {}).format(amount);
  } catch {
    return `${amount.toLocaleString(locale)}${currency ? ` ${currency}` : ''}`;
  }
}

/** The customer's deals: item, date (in the customer's zone), amount and currency in their language. */
export function CustomerDeals({
  deals,
  locale,
  timezone,
}: {
  deals: DealEntry[];
  locale: string;
  timezone: string;
}) {
  if (deals.length === 0) return <p class="muted">{t('noDeals')}</p>;
  const day = (iso: string | undefined) => {
    if (!iso) return '';
    try {
      return new Date(iso).toLocaleDateString(locale, { dateStyle: 'medium', timeZone: timezone });
    } catch {
      return iso.slice(0, 10);
    }
  };
  return (
    <div class="table-scroll">
      <table class="list deals-table" data-testid="deals">
        <thead>
          <tr>
            <th>{t('dealItem')}</th>
            <th>{t('dealDate')}</th>
            <th>{t('dealAmount')}</th>
            <th>{t('dealStage')}</th>
          </tr>
        </thead>
        <tbody>
          {deals.map((entry) => {
            const amount = amountOf(entry.deal);
            const currency = typeof entry.deal.currency === 'string' ? entry.deal.currency : undefined;
            const items = itemsOf(entry.deal)
              .map((item) => item.name)
              .filter(Boolean)
              .join(', ');
            return (
              <tr key={entry.deal.dealId}>
                <td>{items || String(entry.deal.orderRef ?? entry.deal.dealId)}</td>
                <td>{day(dateOf(entry))}</td>
                <td class="amount">{amount === undefined ? '—' : formatAmount(amount, currency, locale)}</td>
                <td>{String(entry.deal.stage ?? '')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Who looks after the customer, or that nobody does. */
export function CustomerOwner({ owner }: { owner: unknown }) {
  const { name, email } = (owner ?? {}) as { name?: string; email?: string };
  return (
    <p data-testid="owner">
      <strong>{t('ownerLabel')}:</strong>{' '}
      {name ? `${name}${email ? ` <${email}>` : ''}` : <span class="muted">{t('noOwner')}</span>}
    </p>
  );
}
