import type { Clock } from '../../ports/clock/index';
import type { CampaignRecord, Store } from '../../ports/store/index';

/** How stale a campaign may be on the fire path: a cancel reaches every container within this. */
const REFRESH_MS = 60_000;

/**
 * Campaigns as the fire path needs them (the spec for the template's
 * variables, and whether it was cancelled), cached briefly so thousands of
 * recipients' fires read each campaign once a minute, not once each.
 */
export class CampaignCache {
  private readonly cached = new Map<string, { at: number; record: Promise<CampaignRecord | undefined> }>();

  constructor(
    private readonly store: Pick<Store, 'campaigns'>,
    private readonly clock: Clock,
  ) {}

  get(campaignId: string): Promise<CampaignRecord | undefined> {
    const now = this.clock.now().getTime();
    const entry = this.cached.get(campaignId);
    if (entry && now - entry.at <= REFRESH_MS && now >= entry.at) return entry.record;
    const record = this.store.campaigns.get(campaignId);
    this.cached.set(campaignId, { at: now, record });
    record.catch(() => this.cached.delete(campaignId));
    return record;
  }

  /** Keep a record just read elsewhere (the send job's), as if this cache had read it now. */
  remember(record: CampaignRecord): void {
    this.cached.set(record.spec.id, { at: this.clock.now().getTime(), record: Promise.resolve(record) });
  }

  /** Forget a campaign (after a cancel in this container), or every one. */
  invalidate(campaignId?: string): void {
    if (campaignId === undefined) this.cached.clear();
    else this.cached.delete(campaignId);
  }
}
