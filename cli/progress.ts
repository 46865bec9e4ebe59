/**
 * Progress bars on stderr (never stdout, which carries --json output). Work loops here are
 * synchronous or await only microtasks, which starves timer-driven redraws, so both modes
 * draw from update() itself: a redrawn bar on a terminal, a plain line every 10 s elsewhere
 * (CI, log files).
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, payload?: Record<string, string | number>): void;
  stop(): void;
}

const LINE_EVERY_MS = 10_000;

export function progressBar(label: string, total: number, extra = ''): Progress {
  if (!process.stderr.isTTY) return lineProgress(label, total);
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}${extra}`,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
      synchronousUpdate: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update: (done, payload) => bar.update(done, payload),
    stop: () => bar.stop(),
  };
}

function lineProgress(label: string, total: number): Progress {
  const started = Date.now();
  let last = started;
  const line = (done: number, payload?: Record<string, string | number>) => {
    const extras = payload ? Object.entries(payload).map(([k, v]) => ` ${k} ${v}`) : [];
    const secs = ((Date.now() - started) / 1000).toFixed(0);
    process.stderr.write(`${label}: ${done}/${total} (${secs} s)${extras.join('')}\n`);
  };
  let lastDone = 0;
  let lastPayload: Record<string, string | number> | undefined;
  let printed = false;
  let printedDone = -1;
  return {
    update(done, payload) {
      lastDone = done;
      lastPayload = payload;
      if (Date.now() - last >= LINE_EVERY_MS) {
        last = Date.now();
        printed = true;
        printedDone = done;
        line(done, payload);
      }
    },
    // A closing line only for work long enough to have reported along the way.
    stop: () => {
      if (printed && printedDone !== lastDone) line(lastDone, lastPayload);
    },
  };
}
