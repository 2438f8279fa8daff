import type { Channel } from '../customers/customer';

/** What is versioned: one template source (template, locale, channel), or one rule. */
export type ContentKey =
  | { kind: 'template'; template: string; locale: string; channel: Channel }
  | { kind: 'rule'; rule: string }
  | { kind: 'sequence'; sequence: string };

/** The editable text of one template source. */
export interface TemplateText {
  subject?: string;
  body: string;
  text?: string;
}

/** A rule as marketers write it: its JSON object. */
export type RuleJson = Record<string, unknown>;

/** One saved version of a source or rule. */
export interface ContentVersion<C = TemplateText | RuleJson> {
  version: number;
  /** When it was saved (ISO). */
  at: string;
  /** Who saved it: a user id, an API key id or `console-password` (absent on versions from before the team). */
  by?: string;
  /** How they were named when they saved it. */
  byName?: string;
  note?: string;
  /**
   * A digest of the file's content when this version was saved: a later change of the file
   * in `templates/` (a deploy) shows as drift instead of being silently shadowed.
   */
  fileDigest?: string;
  content: C;
}

/** A version with the key it belongs to, as the live set holds it. */
export type StoredContent = ContentVersion & { key: ContentKey };

/** Who wrote the file versions, in a version history. */
export const FILE_AUTHOR = 'templates/';

/**
 * The key as one string, e.g. `TPL#monthly-letter#zh-CN#email` or `RULE#caps`;
 * template and rule names have no `#`, so it is unambiguous.
 * @example contentKeyId({ kind: 'rule', rule: 'caps' }) // 'RULE#caps'
 */
export function contentKeyId(key: ContentKey): string {
  switch (key.kind) {
    case 'rule':
      return `RULE#${key.rule}`;
    case 'sequence':
      return `SEQ#${key.sequence}`;
    default:
      return `TPL#${key.template}#${key.locale}#${key.channel}`;
  }
}

/**
 * The live version number: the newest stored one, else 1 when the source or
 * rule exists as a file (the file is version 1), else 0 (nothing yet).
 * @example currentVersion(undefined, true) // 1
 */
export function currentVersion(stored: { version: number } | undefined, hasFile: boolean): number {
  return stored?.version ?? (hasFile ? 1 : 0);
}

/**
 * The version a save from `baseVersion` creates, or a conflict when the
 * editor did not start from the live version (someone saved meanwhile).
 * @example nextVersion(3, 3) // { version: 4 }; nextVersion(4, 3) // { conflict: '...' }
 */
export function nextVersion(
  current: number,
  baseVersion: number,
): { version: number } | { conflict: string } {
  if (baseVersion !== current) {
    return {
      conflict: `baseVersion ${baseVersion} is not the current version ${current}: reload and edit again`,
    };
  }
  return { version: current + 1 };
}

/**
 * A history newest first: the stored versions, then the file as version 1
 * when there is one (stored versions start at 2 over a file).
 */
export function historyOf<C>(
  stored: readonly ContentVersion<C>[],
  file: { content: C; at: string } | undefined,
): ContentVersion<C>[] {
  const versions = [...stored].sort((a, b) => b.version - a.version);
  if (file && !versions.some((v) => v.version === 1)) {
    versions.push({ version: 1, at: file.at, by: FILE_AUTHOR, content: file.content });
  }
  return versions;
}
