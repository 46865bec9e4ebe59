/**
 * `npm run bench -- fuzz_onnx [seconds] [seed]`: coverage-guided fuzzing of the ONNX loader
 * (bench/fuzz/target.ts) for a bounded time (default 60 s), seeded (default 1) so that a
 * run can be repeated. Seeds: the PyTorch fixtures under 256 KB, earlier crashers
 * (test/fixtures/onnx/fuzz) and every 12th model of the ONNX node tests where Debian's
 * libonnx-testdata is installed. Findings (an error that is not a GlassboxError, a leaked
 * tensor, an input that runs longer than the watchdog allows) are written to
 * .cache/onnx/fuzz/ and listed; the run fails (exit 1) when there are any. @jazzer.js/core
 * was the first choice, but its prebuilt addon needs glibc 2.38 (Debian 12 has 2.36), and
 * older releases download their addon at install: the loop here is ours, guided by V8's
 * block coverage.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Outcome } from './fuzz/target.ts';
import type { WorkerData } from './fuzz/worker.ts';

const seconds = Number(process.argv[2] ?? 60);
let seed = Number(process.argv[3] ?? 1);
const HANG_MS = 10_000;
const MAX_LEN = 1 << 20;
const OUT = '.cache/onnx/fuzz';
const NODE_TESTS = '/usr/share/libonnx-testdata/data/node';

function seeds(): Uint8Array[] {
  const files = ['test/fixtures/onnx', 'test/fixtures/onnx/fuzz']
    .filter((d) => existsSync(d))
    .flatMap((d) => readdirSync(d).map((f) => path.join(d, f)))
    .filter((f) => f.endsWith('.onnx'));
  if (existsSync(NODE_TESTS)) {
    const cases = readdirSync(NODE_TESTS).sort();
    for (let i = 0; i < cases.length; i += 12) files.push(path.join(NODE_TESTS, cases[i], 'model.onnx'));
  }
  return files
    .filter((f) => existsSync(f) && statSync(f).size < 256 * 1024)
    .map((f) => new Uint8Array(readFileSync(f)));
}

const findings = new Map<string, { out: Outcome; file: string }>();
function record(out: Outcome, bytes: Uint8Array): void {
  const key = `${out.kind} ${out.message?.replace(/'[^']*'/g, "'…'").replace(/\d+/g, 'N')} ${out.where ?? ''}`;
  if (findings.has(key)) return;
  mkdirSync(OUT, { recursive: true });
  const file = path.join(
    OUT,
    `${out.kind}-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.onnx`,
  );
  writeFileSync(file, bytes);
  findings.set(key, { out, file });
  process.stdout.write(`finding (${out.kind}): ${out.message}\n  at ${out.where ?? '?'}\n  input: ${file}\n`);
}

const deadline = Date.now() + seconds * 1000;
const corpusSeeds = seeds();
let totals = { runs: 0, corpus: 0, blocks: 0 };
process.stdout.write(
  `fuzzing the ONNX loader for ${seconds} s from ${corpusSeeds.length} seed models (seed ${seed})\n`,
);
while (Date.now() < deadline - 1000) {
  const shared = new SharedArrayBuffer(8 + MAX_LEN);
  const header = new Int32Array(shared, 0, 2);
  const data: WorkerData = { seed, deadline, seeds: corpusSeeds, shared, maxLen: MAX_LEN };
  // a .ts entry point needs tsx's loader registered in the worker first
  const entry = new URL('./fuzz/worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: data });
  const ended = await new Promise<'done' | 'hang' | 'died'>((resolve) => {
    let last = -1;
    let since = Date.now();
    const watch = setInterval(() => {
      const started = Atomics.load(header, 0);
      if (started !== last) {
        last = started;
        since = Date.now();
      } else if (Date.now() - since > HANG_MS && started > 0) {
        clearInterval(watch);
        resolve('hang');
      }
    }, 250);
    worker.on(
      'message',
      (m: {
        type: string;
        out: Outcome;
        bytes: Uint8Array;
        runs: number;
        corpus: number;
        blocks: number;
      }) => {
        if (m.type === 'finding') record(m.out, m.bytes);
        if (m.type === 'stats' || m.type === 'done') {
          totals = { runs: m.runs, corpus: m.corpus, blocks: m.blocks };
          process.stderr.write(`  ${m.runs} runs, corpus ${m.corpus}, ${m.blocks} blocks covered\n`);
        }
        if (m.type === 'done') {
          clearInterval(watch);
          resolve('done');
        }
      },
    );
    worker.on('error', (e) => {
      clearInterval(watch);
      record(
        { kind: 'crash', message: `worker died: ${e.message}` },
        new Uint8Array(shared, 8, header[1]).slice(),
      );
      resolve('died');
    });
  });
  if (ended === 'hang') {
    const bytes = new Uint8Array(shared, 8, Atomics.load(header, 1)).slice();
    record({ kind: 'crash', message: `hang: one input ran over ${HANG_MS / 1000} s` }, bytes);
  }
  await worker.terminate();
  if (ended === 'done') break;
  seed++;
}
process.stdout.write(
  `\n${totals.runs} runs (last worker), corpus ${totals.corpus}, ${totals.blocks} blocks of src/ covered, ` +
    `${findings.size} finding(s)${findings.size ? `: see ${OUT}` : ''}\n`,
);
process.exitCode = findings.size ? 1 : 0;
