import type { SegmentFilter } from '../../core/campaigns/segment';

/** A named, saved filter over the customer file. */
export interface SegmentRecord {
  id: string;
  name: string;
  filter: SegmentFilter;
  createdAt: string;
}

export interface SegmentRepo {
  /** False when a segment with this id exists already. */
  create(segment: SegmentRecord): Promise<boolean>;
  get(id: string): Promise<SegmentRecord | undefined>;
  list(): Promise<SegmentRecord[]>;
}
