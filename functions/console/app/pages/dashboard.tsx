import { addressedToTeam } from '../../../core/content/template-audience';
import { BarChart, LineChart, Sparkline, ValueCurve } from '../charts';
import { lang, t } from '../i18n';
import { percent, Show, useLoad } from '../ui';

interface Week {
  week: string;
  start: string;
  sent: number;
  delivered: number;
  replied: number;
  replyRate: number;
  unsubscribed: number;
  bounced: number;
  complained: number;
}

interface Weekly {
  weeks: Week[];
  templates: {
    template: string;
    weeks: { week: string; sent: number; replied: number; replyRate: number }[];
  }[];
}

interface ValueCurveData {
  customers: number;
  totalValue: number;
  points: { customerShare: number; valueShare: number }[];
  cutoffs: { A: number; B: number };
  tiers: Record<'A' | 'B' | 'C', { customers: number; value: number }>;
}

interface TemplateStats {
  template: string;
  sent: number;
  replied: number;
  replyRate?: number;
}

/** Weekly sends, replies and reply rate; per template; problems; the 80/20 curve. */
export function DashboardPage() {
  const weekly = useLoad<Weekly>('/v1/stats/weekly?weeks=12');
  const curve = useLoad<ValueCurveData>('/v1/stats/value-curve');
  const templates = useLoad<{ templates: TemplateStats[] }>('/v1/stats/templates');
  return (
    <section class="dashboard">
      <h1>{t('dashboard')}</h1>
      <div class="columns">
        <div class="card">
          <h3>{t('weekly')}</h3>
          <Show loaded={weekly}>
            {(data) => (
              <>
                <BarChart
                  title={t('weekly')}
                  labels={data.weeks.map((w) => w.week)}
                  bars={[
                    { name: t('sent'), values: data.weeks.map((w) => w.sent), className: 's-sent' },
                    { name: t('replied'), values: data.weeks.map((w) => w.replied), className: 's-replied' },
                  ]}
                  line={{
                    name: t('replyRate'),
                    values: data.weeks.map((w) => w.replyRate),
                    className: 's-rate',
                  }}
                />
                <h3>{t('problems')}</h3>
                <LineChart
                  title={t('problems')}
                  labels={data.weeks.map((w) => w.week)}
                  series={[
                    {
                      name: t('unsubscribed'),
                      values: data.weeks.map((w) => w.unsubscribed),
                      className: 's-unsub',
                    },
                    { name: t('bounced'), values: data.weeks.map((w) => w.bounced), className: 's-bounce' },
                    {
                      name: t('complained'),
                      values: data.weeks.map((w) => w.complained),
                      className: 's-complaint',
                    },
                  ]}
                />
              </>
            )}
          </Show>
        </div>
        <div class="card">
          <h3>{t('valueCurve')}</h3>
          <Show loaded={curve}>
            {(data) => {
              const aShare = data.customers ? data.tiers.A.customers / data.customers : 0;
              const bShare = data.customers
                ? (data.tiers.A.customers + data.tiers.B.customers) / data.customers
                : 0;
              return (
                <>
                  <ValueCurve
                    title={t('valueCurve')}
                    xLabel={t('customersShare')}
                    yLabel={t('valueShare')}
                    points={data.points}
                    marks={[
                      { label: `A ≥ ${data.cutoffs.A}`, customerShare: aShare },
                      { label: `B ≥ ${data.cutoffs.B}`, customerShare: bShare },
                    ]}
                  />
                  <p class="muted">
                    {(['A', 'B', 'C'] as const)
                      .map(
                        (tier) =>
                          `${tier}: ${data.tiers[tier].customers} (${percent(data.totalValue ? data.tiers[tier].value / data.totalValue : 0)})`,
                      )
                      .join(' · ')}
                  </p>
                </>
              );
            }}
          </Show>
        </div>
      </div>
      <div class="card">
        <h2>{t('perTemplate')}</h2>
        <Show loaded={weekly}>
          {(data) => <TemplateTable weekly={data} totals={templates.data?.templates ?? []} />}
        </Show>
      </div>
    </section>
  );
}

/**
 * One row per customer-facing template (the team's own alerts left out): the
 * last twelve weeks' sends and replies with their weekly trend, and the totals.
 */
function TemplateTable(props: { weekly: Weekly; totals: TemplateStats[] }) {
  const totals = new Map(props.totals.map((s) => [s.template, s]));
  const rows = props.weekly.templates
    .filter((tpl) => !addressedToTeam(tpl.template))
    .map((tpl) => ({
      template: tpl.template,
      weeks: tpl.weeks,
      sent: tpl.weeks.reduce((sum, w) => sum + w.sent, 0),
      replied: tpl.weeks.reduce((sum, w) => sum + w.replied, 0),
    }))
    .sort((a, b) => b.sent - a.sent || a.template.localeCompare(b.template));
  if (rows.length === 0) return <p class="muted">{t('noSends')}</p>;
  const number = new Intl.NumberFormat(lang());
  return (
    <div class="table-scroll">
      <table class="list template-stats">
        <thead>
          <tr>
            <th scope="col">{t('templateColumn')}</th>
            <th scope="col" class="num">
              {t('sent12')}
            </th>
            <th scope="col" class="num">
              {t('replied12')}
            </th>
            <th scope="col" class="num">
              {t('replyRate')}
            </th>
            <th scope="col">{t('trend')}</th>
            <th scope="col" class="num">
              {t('sentAllTime')}
            </th>
            <th scope="col" class="num">
              {t('replyRateAllTime')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const total = totals.get(row.template);
            return (
              <tr key={row.template}>
                <th scope="row">{row.template}</th>
                <td class="num">{number.format(row.sent)}</td>
                <td class="num">{number.format(row.replied)}</td>
                <td class="num">{row.sent ? percent(row.replied / row.sent) : '–'}</td>
                <td>
                  <Sparkline
                    title={`${row.template} · ${t('trend')}`}
                    values={row.weeks.map((w) => w.sent)}
                  />
                </td>
                <td class="num">{total ? number.format(total.sent) : '–'}</td>
                <td class="num">{total?.sent ? percent(total.replied / total.sent) : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
