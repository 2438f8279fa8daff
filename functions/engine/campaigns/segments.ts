import { createHash } from 'node:crypto';
import * as z from 'zod';
import {
  matchesSegment,
  placesOf,
  type SegmentFacts,
  type SegmentFilter,
  segmentFilterSchema,
} from '../../core/campaigns/segment';
import { segmentIdSchema } from '../../core/campaigns/segment-id';
import type { Channel } from '../../core/customers/customer';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors';
import type { Actor } from '../../core/team/roles';
import { parseOrThrow } from '../../core/validation';
import type { DirectoryCursor, SegmentRecord } from '../../ports/store/index';
import { recordAudit } from '../audit/audit';
import type { EngineDeps, StoreDeps } from '../deps';

/** Directory entries read per query: large enough to amortise a request, small enough for one page. */
export const DIRECTORY_QUERY_LIMIT = 500;
/** A count preview reads at most this many entries per request, then answers with a cursor. */
const COUNT_BUDGET = 10_000;

/** `POST /v1/segments`: the filter is parsed on its own so its errors name `filter.<field>`. */
export const segmentRequestSchema = z.lazy(() =>
  z.strictObject({
    id: segmentIdSchema.optional(),
    name: z.string().trim().min(1).max(200),
    filter: z.unknown(),
  }),
);

/**
 * Parses a filter given in a request, naming fields from `at` (e.g.
 * `segment.city`) so a 400 points at the spot in the caller's own body.
 */
export function parseFilter(raw: unknown, at: string, what: string): SegmentFilter {
  const wrapped = parseOrThrow(z.object({ [at]: segmentFilterSchema }), { [at]: raw }, what);
  return wrapped[at] as SegmentFilter;
}

/** Saves a named segment; its id is the caller's, or a new one. */
export async function createSegment(
  deps: Pick<EngineDeps, 'clock' | 'log'> & StoreDeps<'segments' | 'audit'>,
  body: unknown,
  newId: () => string,
  by: Actor,
): Promise<SegmentRecord> {
  const request = parseOrThrow(segmentRequestSchema, body, 'segment');
  const segment: SegmentRecord = {
    id: request.id ?? `seg-${newId()}`,
    name: request.name,
    filter: parseFilter(request.filter, 'filter', 'segment'),
    createdAt: deps.clock.now().toISOString(),
  };
  if (!(await deps.store.segments.create(segment)))
    throw new ConflictError(`segment ${segment.id} exists already`);
  deps.log('segment.created', { segmentId: segment.id });
  await recordAudit(deps, { by, action: 'segment.saved', target: `segment:${segment.id}`, after: segment });
  return segment;
}

export async function getSegment(deps: StoreDeps<'segments'>, id: string): Promise<SegmentRecord> {
  const segment = await deps.store.segments.get(id);
  if (!segment) throw new NotFoundError(`segment ${id} not found`);
  return segment;
}

/** A campaign's `segment`: a saved segment's id (its filter frozen into the campaign) or a filter in place. */
export async function resolveSegment(
  deps: StoreDeps<'segments'>,
  ref: string | Record<string, unknown>,
): Promise<{ filter: SegmentFilter; segmentId?: string }> {
  if (typeof ref !== 'string') return { filter: parseFilter(ref, 'segment', 'campaign') };
  const segment = await deps.store.segments.get(ref);
  if (!segment) {
    throw new ValidationError(`invalid campaign: segment: no saved segment named ${ref}`, [
      { path: 'segment', message: `no saved segment named ${ref}` },
    ]);
  }
  return { filter: segment.filter, segmentId: segment.id };
}

const countTokenSchema = z.lazy(() =>
  z.strictObject({
    filter: z.string(),
    directory: z.strictObject({
      part: z.number().int().min(0),
      after: z.record(z.string(), z.string()).optional(),
    }),
    matched: z.number().int().min(0),
    read: z.number().int().min(0),
    shardsDone: z.number().int().min(0),
    matchedInDone: z.number().int().min(0),
    sample: z.string().optional(),
    reachable: z.number().int().min(0).optional(),
  }),
);
type CountToken = z.output<typeof countTokenSchema>;

const fingerprint = (filter: SegmentFilter) =>
  createHash('sha256').update(JSON.stringify(filter)).digest('base64url').slice(0, 16);

function decodeToken(token: string, filter: SegmentFilter): CountToken {
  let parsed: CountToken | undefined;
  try {
    parsed = countTokenSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.filter !== fingerprint(filter)) {
    throw new ValidationError('invalid count request: cursor: not a cursor this count returned', [
      { path: 'cursor', message: 'not a cursor this count returned for this filter' },
    ]);
  }
  return parsed;
}

export interface SegmentCount {
  /** Customers matched so far: the exact size once `exact`. */
  matched: number;
  /** Directory entries read so far. */
  read: number;
  exact: boolean;
  /** Before the count is exact: the size extrapolated from the directory shards read to the end. */
  estimate: number | null;
  /** Pass it back to continue counting; null once exact. */
  cursor: string | null;
  /** One matching customer, for a preview. */
  sampleCustomerId: string | null;
  /** With `channels` asked: matched customers with an address, consent and no suppression on one of them… */
  reachable?: number;
  /** …and the matched ones without: a campaign skips them. */
  unreachable?: number;
}

/** Whether the campaign's channels can reach a customer: an address with consent, not suppressed. */
const reachableOn = (channels: readonly Channel[], facts: SegmentFacts) =>
  channels.some((c) => facts.channels.includes(c) && !facts.suppressed?.includes(c));

/**
 * Counts a segment by reading the customer directory page by page (never a
 * table scan), at most `budget` entries per call: a large book answers
 * with an estimate and a cursor to go on from. `firstMatch` stops at the
 * first customer found (is the segment empty?).
 */
export async function countSegment(
  deps: Pick<EngineDeps, 'clock' | 'tiers'> & StoreDeps<'directory'>,
  filter: SegmentFilter,
  cursorToken?: string,
  options: { firstMatch?: boolean; budget?: number; channels?: readonly Channel[] } = {},
): Promise<SegmentCount> {
  const budget = options.budget ?? COUNT_BUDGET;
  const now = deps.clock.now();
  const cutoffs = await deps.tiers.cutoffs();
  const places = placesOf(filter);
  const start = cursorToken ? decodeToken(cursorToken, filter) : undefined;
  let { matched = 0, read = 0, shardsDone = 0, matchedInDone = 0, sample, reachable = 0 } = start ?? {};
  let cursor: DirectoryCursor | undefined = start?.directory;
  let unreached: string | undefined;
  let shards = 0;
  let readThisCall = 0;
  do {
    const page = await deps.store.directory.page(places, cursor, Math.min(DIRECTORY_QUERY_LIMIT, budget));
    shards = page.shards;
    for (const entry of page.entries) {
      if (!matchesSegment(filter, entry.facts, { now, cutoffs })) continue;
      matched++;
      // With channels, the preview's sample is someone they reach: a letter to nobody shows nothing.
      if (!options.channels || reachableOn(options.channels, entry.facts)) {
        if (options.channels) reachable++;
        sample ??= entry.customerId;
      } else unreached ??= entry.customerId;
    }
    read += page.entries.length;
    readThisCall += page.entries.length;
    if (page.shardsDone > shardsDone) {
      shardsDone = page.shardsDone;
      matchedInDone = matched;
    }
    cursor = page.next;
  } while (cursor && readThisCall < budget && !(options.firstMatch && matched > 0));
  const exact = cursor === undefined;
  const token: CountToken | undefined = cursor
    ? {
        filter: fingerprint(filter),
        directory: cursor as CountToken['directory'],
        matched,
        read,
        shardsDone,
        matchedInDone,
        ...(sample ? { sample } : {}),
        ...(options.channels ? { reachable } : {}),
      }
    : undefined;
  return {
    matched,
    read,
    exact,
    estimate: exact ? matched : shardsDone > 0 ? Math.round((matchedInDone * shards) / shardsDone) : null,
    cursor: token ? Buffer.from(JSON.stringify(token)).toString('base64url') : null,
    sampleCustomerId: sample ?? unreached ?? null,
    ...(options.channels ? { reachable, unreachable: matched - reachable } : {}),
  };
}
