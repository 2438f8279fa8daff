import { BarChart } from '../charts';
import { t } from '../i18n';

/** The outcomes a campaign's results show, in the order a message meets them. */
const outcomes = [
  ['sent', 'cmpSent'],
  ['delivered', 'cmpDelivered'],
  ['opened', 'cmpOpened'],
  ['clicked', 'cmpClicked'],
  ['replied', 'cmpReplied'],
  ['redeemed', 'cmpRedeemed'],
  ['unsubscribed', 'cmpUnsubscribed'],
] as const;

/**
 * One campaign's results as numbers and a small bar chart. An outcome the
 * engine does not count for campaigns is said to be not counted, never shown as 0.
 */
export function CampaignResults({ name, progress }: { name: string; progress: Record<string, number> }) {
  const counted = outcomes.filter(([key]) => progress[key] !== undefined);
  return (
    <div class="results" data-testid="campaign-results">
      <dl class="figures">
        {outcomes.map(([key, label]) => (
          <div key={key} data-testid={`result-${key}`}>
            <dt>{t(label)}</dt>
            <dd>{progress[key] ?? <span class="muted">{t('cmpNotCounted')}</span>}</dd>
          </div>
        ))}
      </dl>
      {counted.length > 0 && (
        <BarChart
          title={t('cmpResults', { name })}
          labels={counted.map(([, label]) => t(label))}
          bars={[
            {
              name: t('cmpResults', { name }),
              values: counted.map(([key]) => progress[key] ?? 0),
              className: 's-sent',
            },
          ]}
        />
      )}
    </div>
  );
}
