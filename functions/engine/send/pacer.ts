/**
 * Spaces calls at least `intervalMs` apart, counted from the start of the
 * previous one: with N instances each paced at N / rate seconds, together
 * they stay within an account's sending rate. Interval 0 never waits.
 * @example const pace = createPacer(143); for (const job of jobs) { await pace(); await send(job); }
 */
export function createPacer(
  intervalMs: number,
  now: () => number = () => performance.now(),
  wait: (ms: number) => Promise<void> = (ms) => new Promise((done) => setTimeout(done, ms)),
): () => Promise<void> {
  let last: number | undefined;
  return async () => {
    if (intervalMs > 0 && last !== undefined) {
      const due = last + intervalMs - now();
      if (due > 0) await wait(due);
    }
    last = now();
  };
}
