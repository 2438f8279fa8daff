import type { Place, SegmentFacts } from '../../core/campaigns/segment';
import type { CustomerCard } from '../../core/customers/customer-search';

/** Where a directory read stands: the part (a shard, or a shard and place) and the last key read in it. */
export interface DirectoryCursor {
  part: number;
  after?: Record<string, string>;
}

export interface DirectoryPage {
  entries: {
    customerId: string;
    facts: SegmentFacts;
    /** What a search hit shows of the customer. */
    card: CustomerCard;
    /** Where a read that stops right after this entry goes on from. */
    position: DirectoryCursor;
  }[];
  /** Where the next page starts; absent once the directory (or its places) is read to the end. */
  next?: DirectoryCursor;
  /** How many of the directory's hash shards are read to the end once this page is: for estimates. */
  shardsDone: number;
  shards: number;
}

/**
 * The customer directory: every customer once, with the facts segments
 * select on, in hash shards ordered by country and city, so a segment is
 * evaluated page by page (or by place prefix) without a table scan.
 * @example const page = await store.directory.page([{ country: 'CN', city: '杭州' }], undefined, 200);
 */
export interface DirectoryRepo {
  page(
    places: readonly Place[] | undefined,
    cursor: DirectoryCursor | undefined,
    limit: number,
  ): Promise<DirectoryPage>;
}
