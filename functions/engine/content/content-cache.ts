import { confirmedAge, isFresh, type LiveCopyAge } from '../../core/caching/live-copy';
import { buildRules } from '../../core/cadence/rule-set';
import type { SegmentFilter } from '../../core/campaigns/segment';
import {
  type ContentKey,
  contentKeyId,
  type RuleJson,
  type StoredContent,
  type TemplateText,
} from '../../core/content/content-versions';
import type { TemplateSource } from '../../core/content/render';
import type { Rules } from '../../core/planning/actions';
import { segmentsNamed } from '../../core/sequences/segment-moves';
import type { Clock } from '../../ports/clock/index';
import type { ContentRepo } from '../../ports/store/content';
import type { SegmentRepo } from '../../ports/store/segments';
import type { Logger } from '../log';
import type { ContentFiles } from './rules';
import { type TemplateCatalog, type TemplateSet, templateSetOf } from './templates';

/** How stale the live templates and rules may be in a container: an edit reaches every one within this. */
export const CONTENT_REFRESH_MS = 60_000;
/** After a failed read of the live set, the last one serves this long before the next try. */
export const CONTENT_RETRY_MS = 5_000;

/** The live set as read, on the engine's clock. */
interface Snapshot extends LiveCopyAge {
  templates: TemplateSet;
  rules: Rules;
  stored: ReadonlyMap<string, StoredContent>;
}

const sourceKey = (s: { name: string; channel: string; locale: string }) =>
  `${s.name}|${s.channel}|${s.locale.toLowerCase()}`;

/**
 * The live templates and rules: the files overlaid with the current versions
 * saved through the API, read with one query and kept for a minute of the
 * engine's clock so the send path does not read the store per message (and
 * longer while a fire `confirm`s its live version unchanged). The
 * planner reads `rules` synchronously: entry points (API, fire, inbound)
 * `await refresh()` first.
 * @example await deps.content.refresh(); plan({ ...ctx, rules: deps.content.rules });
 */
export class ContentCache {
  readonly templates: TemplateCatalog;
  private snapshot: Snapshot;
  private pending: Promise<void> | undefined;
  /** The live version a fire read since the last query, for the next one to be tagged with. */
  private confirmed: number | undefined;
  /** Whether the live set was ever read: until then there is nothing of the store's to fall back on. */
  private loaded = false;

  /** Saved segments never change once created: a filter read is kept for the container's life. */
  private readonly segmentFilters = new Map<string, SegmentFilter>();

  constructor(
    readonly files: ContentFiles,
    private readonly repo: ContentRepo,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly segmentRepo?: Pick<SegmentRepo, 'get'>,
  ) {
    // Until the first read the files are the live set; `at` = -Infinity makes that read happen at once.
    this.snapshot = {
      at: Number.NEGATIVE_INFINITY,
      loadedAt: Number.NEGATIVE_INFINITY,
      templates: files.templates,
      rules: files.rules,
      stored: new Map(),
    };
    this.templates = {
      has: (name) => this.snapshot.templates.has(name),
      list: () => this.snapshot.templates.list(),
      resolve: async (name, channel, locale) => {
        await this.refresh();
        return this.snapshot.templates.resolve(name, channel, locale);
      },
    };
  }

  /** The live rules as last read. */
  get rules(): Rules {
    return this.snapshot.rules;
  }

  /** The current stored version of a source or rule as last read, if it was ever edited. */
  storedOf(key: ContentKey): StoredContent | undefined {
    return this.snapshot.stored.get(contentKeyId(key));
  }

  /** Whether the copy is due a look: a refresh now would read the live set. */
  get stale(): boolean {
    return !isFresh(this.snapshot, this.clock.now().getTime(), CONTENT_REFRESH_MS);
  }

  /** Reads the live set again if the last read is older than a minute (or the clock went back). */
  refresh(): Promise<void> {
    if (!this.stale) return Promise.resolve();
    const now = this.clock.now().getTime();
    this.pending ??= this.reload(now).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /**
   * The live set is at `version`, as read just now: a copy read at that version
   * stays fresh another minute without a query (core/caching/live-copy.ts); any
   * other makes the next refresh read, tagged with it.
   */
  confirm(version: number): void {
    const kept = confirmedAge(this.snapshot, version, this.clock.now().getTime());
    if (kept) {
      this.snapshot = kept;
      return;
    }
    this.confirmed = version;
    this.snapshot = { ...this.snapshot, at: Number.NEGATIVE_INFINITY };
  }

  /** Forgets what was read, so the next refresh reads again (after a save in this container). */
  invalidate(): void {
    const { version: _held, ...rest } = this.snapshot;
    this.snapshot = { ...rest, at: Number.NEGATIVE_INFINITY };
  }

  private async reload(now: number): Promise<void> {
    // Confirmed before the query starts, so what the query reads is at least that version.
    const version = this.confirmed;
    this.confirmed = undefined;
    let live: readonly StoredContent[];
    try {
      live = await this.repo.live();
    } catch (error) {
      this.confirmed ??= version;
      if (!this.loaded) throw error;
      // A throttled or failed read must not stop every send: the last live set serves a little longer.
      this.log('content.reload-failed', { error: error instanceof Error ? error.message : String(error) });
      this.snapshot = { ...this.snapshot, at: now - CONTENT_REFRESH_MS + CONTENT_RETRY_MS };
      return;
    }
    this.loaded = true;
    const { templates, rules } = this.overlay(live);
    this.snapshot = {
      at: now,
      loadedAt: now,
      ...(version === undefined ? {} : { version }),
      templates,
      rules: await this.withSegments(rules),
      stored: new Map(live.map((c) => [contentKeyId(c.key), c])),
    };
  }

  /**
   * The rules with the filters of the saved segments their sequences name: one read per segment
   * not yet known, none at all while no sequence names one. A segment that cannot be read is
   * left out until the next refresh (its sequences see nobody in it).
   */
  private async withSegments(rules: Rules): Promise<Rules> {
    const named = segmentsNamed(rules.sequences);
    if (named.length === 0 || !this.segmentRepo) return rules;
    for (const id of named) {
      if (this.segmentFilters.has(id)) continue;
      try {
        const segment = await this.segmentRepo.get(id);
        if (segment) this.segmentFilters.set(id, segment.filter);
      } catch (error) {
        this.log('content.segment-unread', {
          segmentId: id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    const segments: Record<string, SegmentFilter> = {};
    for (const id of named) {
      const filter = this.segmentFilters.get(id);
      if (filter) segments[id] = filter;
    }
    return { ...rules, segments };
  }

  private overlay(live: readonly StoredContent[]): { templates: TemplateSet; rules: Rules } {
    const sources = new Map(this.files.templates.list().map((s) => [sourceKey(s), s]));
    const ruleSources: Record<string, unknown> = { ...this.files.ruleSources };
    const sequenceSources: Record<string, unknown> = { ...this.files.sequenceSources };
    for (const entry of live) {
      if (entry.key.kind === 'rule') {
        ruleSources[entry.key.rule] = entry.content as RuleJson;
        continue;
      }
      if (entry.key.kind === 'sequence') {
        sequenceSources[entry.key.sequence] = entry.content as RuleJson;
        continue;
      }
      const text = entry.content as TemplateText;
      const source: TemplateSource = {
        name: entry.key.template,
        locale: entry.key.locale,
        channel: entry.key.channel,
        body: text.body,
        ...(text.subject !== undefined ? { subject: text.subject } : {}),
        ...(text.text !== undefined ? { text: text.text } : {}),
      };
      sources.set(sourceKey(source), source);
    }
    const templates = templateSetOf([...sources.values()]);
    const build = () =>
      buildRules(ruleSources, this.files.festivals, (name) => templates.has(name), sequenceSources);
    let built = build();
    if ('rules' in built) return { templates, rules: built.rules };
    // Saves are validated, so this only follows a hand-edited table or a release that changed a rule's
    // schema: the rules at fault go back to their files, every other edit stays live.
    this.log('content.rules-invalid', { issues: built.issues });
    for (const { rule } of built.issues) {
      if (Object.hasOwn(this.files.ruleSources, rule)) ruleSources[rule] = this.files.ruleSources[rule];
      const sequence = rule.startsWith('sequence:') ? rule.slice('sequence:'.length) : undefined;
      if (sequence === undefined) continue;
      if (Object.hasOwn(this.files.sequenceSources, sequence)) {
        sequenceSources[sequence] = this.files.sequenceSources[sequence];
      } else {
        delete sequenceSources[sequence];
      }
    }
    built = build();
    return { templates, rules: 'rules' in built ? built.rules : this.files.rules };
  }
}
