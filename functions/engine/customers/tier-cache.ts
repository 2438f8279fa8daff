import {
  cutoffsFromHistogram,
  type Tier,
  type TierCutoffs,
  tierFor,
  type ValueHistogram,
} from '../../core/customers/tier';
import type { CustomerValue } from '../../core/planning/state';
import type { Clock } from '../../ports/clock/index';
import type { Store } from '../../ports/store/index';

/**
 * Cut-offs move slowly (a deal shifts one customer's value at once, the 80/20
 * lines only with many): one read per container an hour is plenty.
 */
const REFRESH_MS = 60 * 60_000;

/**
 * The book's 80/20 tier cut-offs, computed from the value histogram and
 * cached, so a fire costs no extra read.
 */
export class TierCache {
  private cached: { at: number; cutoffs: Promise<TierCutoffs> } | undefined;

  constructor(
    private readonly store: Pick<Store, 'stats'>,
    private readonly clock: Clock,
  ) {}

  cutoffs(): Promise<TierCutoffs> {
    const now = this.clock.now().getTime();
    if (!this.cached || this.stale) {
      const cutoffs = this.store.stats.valueHistogram().then((h) => cutoffsFromHistogram(h));
      this.cached = { at: now, cutoffs };
      cutoffs.catch(() => {
        this.cached = undefined;
      });
    }
    return this.cached.cutoffs;
  }

  /** Whether the cut-offs are due a read: a fire then reads the histogram with its customer. */
  get stale(): boolean {
    const now = this.clock.now().getTime();
    return !this.cached || now - this.cached.at > REFRESH_MS || now < this.cached.at;
  }

  /** Takes a histogram read just now (with a fire's customer) as the cut-offs' source for the next hour. */
  accept(histogram: ValueHistogram): void {
    this.cached = {
      at: this.clock.now().getTime(),
      cutoffs: Promise.resolve(cutoffsFromHistogram(histogram)),
    };
  }

  async tierOf(value: CustomerValue, referred: boolean): Promise<Tier> {
    return tierFor(value.lifetime, referred, await this.cutoffs());
  }

  /** Forget the cache (after a bulk change, and in tests). */
  invalidate(): void {
    this.cached = undefined;
  }
}
