import { templatesNamed } from '../../core/cadence/rule-set';
import { cheerfulWordIn, mourningTemplates } from '../../core/calendars/festivals';
import {
  type ContentKey,
  type ContentVersion,
  currentVersion,
  FILE_AUTHOR,
  historyOf,
  type TemplateText,
} from '../../core/content/content-versions';
import type { TemplateSource } from '../../core/content/render';
import { renderOrExplain } from '../../core/content/template-check';
import type { Channel } from '../../core/customers/customer';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors';
import type { Rules } from '../../core/planning/actions';
import type { Actor } from '../../core/team/roles';
import type { EngineDeps, StoreDeps } from '../deps';
import { sampleVariables } from './preview';
import { authorOf, fileChanged, saveVersion } from './save-version';

export type SourceKey = Extract<ContentKey, { kind: 'template' }>;

/** A source as the editor shows it: its live text and which version that is. */
export interface SourceView extends TemplateText {
  locale: string;
  channel: Channel;
  version: number;
  updatedAt: string;
  updatedBy?: string;
  /** The file in `templates/` changed after the live version was saved over it: it is not live. */
  fileChanged?: true;
}

/** The rule ids that send `template`. */
export function rulesUsing(rules: Rules, template: string): string[] {
  return [
    ...rules.cadences
      .filter((r) =>
        r.kind === 'festival'
          ? Object.values(rules.festivals.festivals).some((f) => f.template === template)
          : templatesNamed(r).some((named) => named.template === template),
      )
      .map((r) => r.id),
    ...(rules.chase.steps.some((s) => s.template === template) ? ['chase'] : []),
  ];
}

const textOf = (s: TemplateText): TemplateText => ({
  ...(s.subject !== undefined ? { subject: s.subject } : {}),
  body: s.body,
  ...(s.text !== undefined ? { text: s.text } : {}),
});

/** The file's source for a key (locale compared case-insensitively), if the files have one. */
function fileSource(deps: Pick<EngineDeps, 'content'>, key: SourceKey): TemplateSource | undefined {
  return deps.content.files.templates
    .list()
    .find(
      (s) =>
        s.name === key.template &&
        s.channel === key.channel &&
        s.locale.toLowerCase() === key.locale.toLowerCase(),
    );
}

/** The key with the locale spelt as the file spells it, so `zh-cn` and `zh-CN` are one source. */
function canonical(deps: Pick<EngineDeps, 'content'>, key: SourceKey): SourceKey {
  const file = fileSource(deps, key);
  return file ? { ...key, locale: file.locale } : key;
}

/** Every live source of a template, with its version. */
export async function templateSources(
  deps: Pick<EngineDeps, 'content' | 'templates'>,
  template: string,
): Promise<SourceView[]> {
  await deps.content.refresh();
  return deps.templates
    .list()
    .filter((s) => s.name === template)
    .map((s) => {
      const key: SourceKey = { kind: 'template', template, locale: s.locale, channel: s.channel };
      const stored = deps.content.storedOf(key);
      const file = fileSource(deps, key);
      return {
        locale: s.locale,
        channel: s.channel,
        version: currentVersion(stored, file !== undefined),
        ...textOf(s),
        updatedAt: stored?.at ?? deps.content.files.at,
        updatedBy: stored ? authorOf(stored) : FILE_AUTHOR,
        ...(fileChanged(stored, file && textOf(file)) ? { fileChanged: true as const } : {}),
      };
    });
}

/** A source's versions, newest first, the file as version 1. */
export async function sourceHistory(
  deps: Pick<EngineDeps, 'content'> & StoreDeps<'content'>,
  key: SourceKey,
): Promise<ContentVersion<TemplateText>[]> {
  const k = canonical(deps, key);
  const file = fileSource(deps, k);
  const stored = (await deps.store.content.history(k)) as ContentVersion<TemplateText>[];
  if (!file && stored.length === 0) {
    throw new NotFoundError(`template ${k.template} has no ${k.channel} source for ${k.locale}`);
  }
  return historyOf(stored, file ? { content: textOf(file), at: deps.content.files.at } : undefined);
}

/** Refuses a source that does not fit its channel, naming the field (a 400). */
function checkShape(key: SourceKey, text: TemplateText): void {
  const wrong = (path: string, message: string) => {
    throw new ValidationError(`invalid template source: ${path}: ${message}`, [{ path, message }]);
  };
  if (key.channel === 'email' && !text.subject?.trim()) wrong('subject', 'an email source needs a subject');
  if (key.channel === 'sms' && text.subject !== undefined) wrong('subject', 'an SMS has no subject');
  if (key.channel === 'sms' && text.text !== undefined) wrong('text', 'an SMS has only a body');
}

type EditDeps = Pick<EngineDeps, 'clock' | 'content' | 'log' | 'settings' | 'rules'> &
  StoreDeps<'content' | 'audit'>;

/** Checks a source (shape, render for the sample customer) and saves it as the next version. */
async function saveSource(
  deps: EditDeps,
  key: SourceKey,
  edit: TemplateText & { baseVersion: number; note?: string },
  by: Actor,
  action: 'template.created' | 'template.saved' | 'template.reverted',
): Promise<{ version: number }> {
  const k = canonical(deps, key);
  const text = textOf(edit);
  checkShape(k, text);
  if (mourningTemplates(deps.rules.festivals).has(k.template)) {
    const word = cheerfulWordIn([text.subject, text.body, text.text].join('\n'));
    const message = `greets a day of mourning: no "${word}"`;
    if (word)
      throw new ValidationError(`invalid template source: body: ${message}`, [{ path: 'body', message }]);
  }
  const source: TemplateSource = { ...text, name: k.template, locale: k.locale, channel: k.channel };
  await renderOrExplain(
    source,
    sampleVariables(deps, deps.content.files.sampleCustomer, k.template, k.channel, k.locale),
  );
  const file = fileSource(deps, k);
  return saveVersion(deps, k, file && textOf(file), {
    baseVersion: edit.baseVersion,
    content: text,
    note: edit.note,
    by,
    action,
  });
}

/**
 * Saves a template source as version n+1 from `baseVersion` (a 409 when that
 * is not the live version), once it renders for the sample customer (a 422
 * with line and column otherwise). The version names `by` as its author.
 */
export async function saveTemplateSource(
  deps: EditDeps,
  key: SourceKey,
  edit: TemplateText & { baseVersion: number; note?: string },
  by: Actor,
): Promise<{ version: number }> {
  return saveSource(deps, key, edit, by, 'template.saved');
}

/** Saves an earlier version's text again, as a new version. */
export async function revertTemplateSource(
  deps: EditDeps,
  key: SourceKey,
  revert: { version: number; baseVersion: number },
  by: Actor,
): Promise<{ version: number }> {
  const history = await sourceHistory(deps, key);
  const old = history.find((v) => v.version === revert.version);
  if (!old) {
    throw new ValidationError(`invalid revert: version: there is no version ${revert.version}`, [
      { path: 'version', message: `there is no version ${revert.version}` },
    ]);
  }
  return saveSource(
    deps,
    key,
    { ...old.content, baseVersion: revert.baseVersion, note: `revert to version ${revert.version}` },
    by,
    'template.reverted',
  );
}

/** What a new template starts with: its name as the subject, a greeting to write over. */
function starterText(name: string, locale: string, channel: Channel): TemplateText {
  const greeting = locale.toLowerCase().startsWith('zh') ? '您好,' : 'Hello,';
  return channel === 'email' ? { subject: name, body: `<p>${greeting}</p>` } : { body: greeting };
}

/**
 * Files a new template: version 1 of each locale and channel asked for, each in the
 * audit trail as `template.created`. A 409 when a template of that id exists.
 */
export async function createTemplate(
  deps: EditDeps & Pick<EngineDeps, 'templates'>,
  request: { id: string; name: string; locales: readonly string[]; channels: readonly Channel[] },
  by: Actor,
): Promise<{ id: string; sources: { locale: string; channel: Channel; version: number }[] }> {
  await deps.content.refresh();
  if (deps.templates.has(request.id)) throw new ConflictError(`a template named ${request.id} exists`);
  const sources: { locale: string; channel: Channel; version: number }[] = [];
  for (const locale of request.locales) {
    for (const channel of request.channels) {
      const key: SourceKey = { kind: 'template', template: request.id, locale, channel };
      const text = starterText(request.name, locale, channel);
      const note = `created as “${request.name}”`;
      const { version } = await saveSource(
        deps,
        key,
        { ...text, baseVersion: 0, note },
        by,
        'template.created',
      );
      sources.push({ locale, channel, version });
    }
  }
  return { id: request.id, sources };
}
