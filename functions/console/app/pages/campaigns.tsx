import { api } from '../api';
import { ConfirmButton } from '../confirm';
import { t } from '../i18n';
import { formatTime, href, Show, useLoad } from '../ui';
import { Compose } from './campaign-compose';
import { CampaignResults } from './campaign-results';

interface CampaignView {
  id: string;
  name: string;
  kind: string;
  status: string;
  createdAt: string;
  progress?: Record<string, number>;
}

function Progress({ progress }: { progress?: Record<string, number> }) {
  if (!progress) return null;
  const total = Math.max(progress.targeted ?? 0, 1);
  return (
    <div class="progress" data-testid="campaign-progress">
      <svg viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label={t('progress')}>
        <rect width="100" height="6" class="track" />
        <rect width={Math.min(100, ((progress.sent ?? 0) / total) * 100)} height="6" class="fill" />
      </svg>
      <span class="muted">
        {Object.entries(progress)
          .map(([k, v]) => `${k} ${v}`)
          .join(' · ')}
      </span>
    </div>
  );
}

const cancellable = ['scheduled', 'sending', 'fanning-out'];

/** Campaigns: compose (with a count and a dry run), and each one's progress and results. */
export function CampaignsPage({ openId }: { openId?: string }) {
  const list = useLoad<{ campaigns: CampaignView[] }>('/v1/campaigns');
  const cancel = async (id: string) => {
    await api('POST', `/v1/campaigns/${encodeURIComponent(id)}/cancel`);
    list.reload();
  };
  return (
    <section>
      <h1>{t('campaigns')}</h1>
      <div class="columns">
        <Compose onCreated={list.reload} />
        <div class="card">
          <Show loaded={list}>
            {({ campaigns }) =>
              campaigns.length === 0 ? (
                <p class="muted">{t('nothing')}</p>
              ) : (
                <ul class="campaigns">
                  {campaigns.map((c) => (
                    <li key={c.id} class={openId === c.id ? 'open' : ''} data-testid="campaign">
                      <a href={href('campaigns', c.id)}>{c.name}</a> <span class="chip">{c.status}</span>{' '}
                      <span class="muted">{formatTime(c.createdAt)}</span>
                      <Progress progress={c.progress} />
                      {openId === c.id && c.progress && (
                        <CampaignResults name={c.name} progress={c.progress} />
                      )}
                      {cancellable.includes(c.status) && (
                        <ConfirmButton
                          label={t('cmpCancelCampaign')}
                          warning={t('cmpCancelWarning', { name: c.name })}
                          danger
                          onConfirm={() => cancel(c.id)}
                        />
                      )}
                    </li>
                  ))}
                </ul>
              )
            }
          </Show>
        </div>
      </div>
    </section>
  );
}
