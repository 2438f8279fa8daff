import { BarChart, LineChart, ValueCurve } from '../charts';
import { t } from '../i18n';
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
      <h2>{t('dashboard')}</h2>
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
                <h3>
                  {t('perTemplate')} · {t('replyRate')}
                </h3>
                <table class="list">
                  <tbody>
                    {data.templates.map((tpl) => (
                      <tr key={tpl.template}>
                        <td>{tpl.template}</td>
                        <td>
                          <LineChart
                            title={tpl.template}
                            labels={tpl.weeks.map((w) => w.week)}
                            series={[
                              {
                                name: t('replyRate'),
                                values: tpl.weeks.map((w) => w.replyRate),
                                className: 's-rate',
                              },
                            ]}
                          />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
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
          <h3>{t('perTemplate')}</h3>
          <Show loaded={templates}>
            {(data) => (
              <BarChart
                title={t('perTemplate')}
                labels={data.templates.map((s) => s.template)}
                bars={[
                  { name: t('sent'), values: data.templates.map((s) => s.sent), className: 's-sent' },
                  {
                    name: t('replied'),
                    values: data.templates.map((s) => s.replied),
                    className: 's-replied',
                  },
                ]}
              />
            )}
          </Show>
        </div>
      </div>
    </section>
  );
}
