import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take far longer than any other, longest first: the crash-recovery test's 2,000-recipient
 * campaign in an engine process of its own, then the campaign-scale test. Vitest runs the files it has
 * timed before longest first, but a fresh clone (CI) has no timings and starts the largest files
 * first, which left these small files to run alone at the end.
 */
export const LONG_FILES = [
  'test/api/crash-recovery.test.ts',
  'test/api/campaign-scale.test.ts',
  // Every festival of every calendar, 2024-2055, computed again on a second ephemeris.
  'test/core/calendars/calendar-data.test.ts',
];

/** Vitest's order, with {@link LONG_FILES} moved to the front so that the other workers fill in around them. */
export class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const at = LONG_FILES.indexOf(relative(spec.project.config.root, spec.moduleId));
      return at === -1 ? LONG_FILES.length : at;
    };
    return sorted
      .map((spec, index) => ({ spec, index }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.index - b.index)
      .map(({ spec }) => spec);
  }
}
