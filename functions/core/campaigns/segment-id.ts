import * as z from 'zod';

/** Segment ids: URL-safe, as they travel in paths (a saved one is `seg-<id>` unless its author named it). */
export const segmentIdSchema = z.lazy(() =>
  z.string().regex(/^[\w.:-]{1,64}$/, 'must be 1-64 characters of letters, digits, . _ : -'),
);
