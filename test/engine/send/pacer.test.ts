import { describe, expect, it } from 'vitest';
import { createPacer } from '../../../functions/engine/send/pacer';

/** A clock that moves only by what the pacer waits, or by the work between calls. */
function fakeTime() {
  let now = 1_000;
  const waits: number[] = [];
  return {
    now: () => now,
    wait: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
    work: (ms: number) => {
      now += ms;
    },
    waits,
  };
}

describe('createPacer', () => {
  it('spaces calls at least the interval apart, counting the work done between them', async () => {
    const time = fakeTime();
    const pace = createPacer(143, time.now, time.wait);
    await pace(); // the first call never waits
    time.work(50);
    await pace(); // 93 ms still to go
    time.work(200);
    await pace(); // the work took longer than the interval
    await pace(); // back to back: the whole interval
    expect(time.waits).toEqual([93, 143]);
  });

  it('never waits with an interval of 0', async () => {
    const time = fakeTime();
    const pace = createPacer(0, time.now, time.wait);
    for (let i = 0; i < 5; i++) await pace();
    expect(time.waits).toEqual([]);
  });

  it('waits on the real clock by default', async () => {
    const pace = createPacer(30);
    const started = performance.now();
    await pace();
    await pace();
    expect(performance.now() - started).toBeGreaterThanOrEqual(28);
  });
});
