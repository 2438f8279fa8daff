import { messageIdFor } from '../core/ids';
import { type NoteFacts, noteText } from '../core/timeline/note-facts';
import type { StoreDeps } from './deps';

/** A note the engine files about a rule's occasion: what it did not send, and why. */
export interface TimelineNote {
  customerId: string;
  rule: string;
  occurrence: string;
  /** Names the note among the occasion's notes (`dropped`, `expired`, `skipped`…): each is filed once. */
  what: string;
  /** The part of the occasion's key the note's id is made from, when not the occurrence itself. */
  key?: string;
  facts: NoteFacts;
  at: Date;
}

/**
 * Files a note on the customer's timeline once: a retry files no second copy.
 * @example await fileNote(deps, { customerId, rule: 'satisfaction-survey', occurrence, what: 'skipped', note, at: now });
 */
export async function fileNote(deps: StoreDeps<'timeline'>, note: TimelineNote): Promise<void> {
  await deps.store.timeline.addEntry({
    type: 'note',
    id: messageIdFor(note.customerId, `${note.rule}:${note.what}`, note.key ?? note.occurrence),
    customerId: note.customerId,
    rule: note.rule,
    occurrence: note.occurrence,
    note: noteText(note.rule, note.occurrence, note.facts),
    facts: note.facts,
    at: note.at.toISOString(),
  });
}
