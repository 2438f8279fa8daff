import { SingleBar } from 'cli-progress';

/** Rows sent so far, shown as a bar with rate and ETA on a terminal, plain lines otherwise. */
export interface Progress {
  start(total: number, done: number): void;
  advance(rows: number): void;
  stop(): void;
}

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** cli-progress on a terminal; one line per update (at most one a second) in a pipe or a log. */
export function createProgress(
  out: Output,
  unit: string,
  now: () => number = () => performance.now(),
): Progress {
  if (out.isTTY) {
    const bar = new SingleBar({
      stream: out as NodeJS.WritableStream,
      format: ` {bar} {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
    });
    let started = 0;
    let first = 0;
    let value = 0;
    return {
      start(total, done) {
        started = now();
        first = done;
        value = done;
        bar.start(total, done, { rate: '0' });
      },
      advance(rows) {
        value += rows;
        const seconds = (now() - started) / 1000;
        bar.update(value, { rate: seconds > 0 ? Math.round((value - first) / seconds).toString() : '0' });
      },
      stop: () => bar.stop(),
    };
  }
  let total = 0;
  let value = 0;
  let first = 0;
  let started = 0;
  let printed = -Infinity;
  const line = () => {
    const seconds = (now() - started) / 1000;
    const rate = seconds > 0 ? (value - first) / seconds : 0;
    const eta = rate > 0 ? Math.ceil((total - value) / rate) : undefined;
    out.write(
      `${value}/${total} ${unit} (${Math.round(rate)} ${unit}/s${eta === undefined ? '' : `, ETA ${eta}s`})\n`,
    );
    printed = now();
  };
  return {
    start(t, done) {
      total = t;
      value = done;
      first = done;
      started = now();
    },
    advance(rows) {
      value += rows;
      if (value >= total || now() - printed >= 1000) line();
    },
    stop() {},
  };
}
