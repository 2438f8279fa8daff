import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ImportConflict } from '../import/customer-batches';

/** Which batches of one input went through; `inputHash` ties it to the file's bytes and the mapping. */
export interface Checkpoint {
  version: 1;
  kind: string;
  inputHash: string;
  batches: number;
  done: number[];
  /** The customers the done batches left unwritten for a conflict, to report them again on resume. */
  conflicts?: ImportConflict[];
}

/** `.<file>.nurture-import.json` beside the input. */
export function checkpointPath(file: string): string {
  return join(dirname(file), `.${basename(file)}.nurture-import.json`);
}

/** A hash of everything that decides what is sent: change any of it and the import starts over. */
export function inputHash(bytes: Buffer, settings: unknown): string {
  return createHash('sha256').update(bytes).update('\0').update(JSON.stringify(settings)).digest('hex');
}

/** The batches done by an earlier run of the same input, or none when there was none or the input changed. */
export function loadCheckpoint(
  path: string,
  hash: string,
): { done: Set<number>; stale: boolean; conflicts: ImportConflict[] } {
  if (!existsSync(path)) return { done: new Set(), stale: false, conflicts: [] };
  try {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Partial<Checkpoint>;
    if (saved.version === 1 && saved.inputHash === hash && Array.isArray(saved.done)) {
      const conflicts = Array.isArray(saved.conflicts) ? saved.conflicts : [];
      return { done: new Set(saved.done.filter(Number.isInteger)), stale: false, conflicts };
    }
  } catch {
    // An unreadable checkpoint is as good as none: every send is idempotent.
  }
  return { done: new Set(), stale: true, conflicts: [] };
}

/** Written to a temporary file and renamed, so an interruption mid-write leaves the previous checkpoint. */
export function saveCheckpoint(path: string, checkpoint: Checkpoint): void {
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(checkpoint)}\n`);
  renameSync(temporary, path);
}

export function clearCheckpoint(path: string): void {
  rmSync(path, { force: true });
}
