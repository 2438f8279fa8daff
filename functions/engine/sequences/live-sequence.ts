import { NotFoundError } from '../../core/errors';
import type { Sequence } from '../../core/sequences/sequence-definition';
import type { EngineDeps } from '../deps';

/** The live sequence `sequenceId`, or a 404. */
export function sequenceOf(deps: Pick<EngineDeps, 'rules'>, sequenceId: string): Sequence {
  const sequence = deps.rules.sequences.find((s) => s.id === sequenceId);
  if (!sequence) throw new NotFoundError(`no sequence named ${sequenceId}`);
  return sequence;
}
