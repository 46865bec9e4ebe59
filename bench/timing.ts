/** Timing helpers for benchmarks: warm-up, then the median of repeated runs. */
export interface Timing {
  median: number;
  min: number;
  runs: number;
}

/** Times `f` (which must finish its work synchronously or return a promise) after warm-up runs. */
export async function time(
  f: () => unknown,
  opts: { warmup?: number; runs?: number; maxMs?: number } = {},
): Promise<Timing> {
  const warmup = opts.warmup ?? 3;
  const runs = opts.runs ?? 15;
  const maxMs = opts.maxMs ?? 20_000;
  for (let i = 0; i < warmup; i++) await f();
  const ts: number[] = [];
  const start = performance.now();
  while (ts.length < runs && (ts.length < 3 || performance.now() - start < maxMs)) {
    const t = performance.now();
    await f();
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  return { median: ts[Math.floor(ts.length / 2)], min: ts[0], runs: ts.length };
}

export function printTable(header: string[], rows: (string | number)[][]): void {
  const all = [header, ...rows.map((r) => r.map(String))];
  const w = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  for (const [i, r] of all.entries()) {
    process.stdout.write(`${r.map((v, c) => (c === 0 ? v.padEnd(w[c]) : v.padStart(w[c]))).join('  ')}\n`);
    if (i === 0) process.stdout.write(`${w.map((x) => '-'.repeat(x)).join('  ')}\n`);
  }
}
