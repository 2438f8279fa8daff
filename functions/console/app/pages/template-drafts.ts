import { useEffect } from 'preact/hooks';
import { t } from '../i18n';
import type { Draft } from './source-editor';

/** An edit not saved yet, with the version it was started from. */
interface Kept {
  draft: Draft;
  base: number;
}

/**
 * The unsaved edits of every template source, by `<template>/<locale>/<channel>`. Kept outside the
 * editor's components so that switching tabs (or languages, which redraws the console) loses none.
 */
const kept = new Map<string, Kept>();

const keyOf = (template: string, locale: string, channel: string) => `${template}/${locale}/${channel}`;

const same = (a: Draft, b: Draft) =>
  (a.subject ?? '') === (b.subject ?? '') && a.body === b.body && (a.text ?? '') === (b.text ?? '');

/** The unsaved edit of a source started from `version`; none once the source moved on. */
export function keptDraft(
  template: string,
  locale: string,
  channel: string,
  version: number,
): Draft | undefined {
  const entry = kept.get(keyOf(template, locale, channel));
  return entry && entry.base === version ? entry.draft : undefined;
}

/** Keeps `draft` while it differs from the saved text, forgets it once it does not. */
export function keepDraft(
  template: string,
  locale: string,
  channel: string,
  draft: Draft,
  saved: Draft & { version: number },
): void {
  const key = keyOf(template, locale, channel);
  if (same(draft, saved)) kept.delete(key);
  else kept.set(key, { draft, base: saved.version });
}

export function dropDraft(template: string, locale: string, channel: string): void {
  kept.delete(keyOf(template, locale, channel));
}

/** The `<locale>/<channel>` tabs of `template` with unsaved edits. */
export function unsavedTabs(template: string): string[] {
  return [...kept.keys()]
    .filter((k) => k.startsWith(`${template}/`))
    .map((k) => k.slice(template.length + 1));
}

/**
 * While `template` has unsaved edits: the browser asks before the page is left or reloaded, and a
 * link elsewhere in the console asks first (declining stays; accepting forgets the edits).
 */
export function useLeaveGuard(template: string): void {
  useEffect(() => {
    const dirty = () => unsavedTabs(template).length > 0;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!dirty()) return;
      event.preventDefault();
      event.returnValue = '';
    };
    const click = (event: MouseEvent) => {
      const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
      if (!link || !dirty() || link.getAttribute('href') === location.hash) return;
      if (!window.confirm(t('unsavedLeave'))) {
        event.preventDefault();
        event.stopPropagation();
        return;
      }
      for (const tab of unsavedTabs(template)) kept.delete(`${template}/${tab}`);
    };
    window.addEventListener('beforeunload', beforeUnload);
    document.addEventListener('click', click, true);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('click', click, true);
    };
  }, [template]);
}
