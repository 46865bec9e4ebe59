/**
 * The fuzzing loop of bench/fuzz_onnx.ts, in a worker thread so that the main thread can
 * watch for hangs. Coverage guidance: V8's precise block coverage (node:inspector) of our
 * own sources after every input; a mutant that reaches a block no input reached before
 * joins the corpus. Before each run the input is copied to a shared buffer (the watchdog's
 * copy of what hung).
 */
import { Session } from 'node:inspector/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { initEngine } from '../../src/engine/backend.ts';
import { mutate, Rng } from './mutate.ts';
import { runTarget } from './target.ts';

export interface WorkerData {
  seed: number;
  deadline: number;
  seeds: Uint8Array[];
  /** Int32 [0]: runs started, [1]: current input length; bytes from offset 8 */
  shared: SharedArrayBuffer;
  maxLen: number;
}

const data = workerData as WorkerData;
const header = new Int32Array(data.shared, 0, 2);
const current = new Uint8Array(data.shared, 8);
const post = (m: object) => parentPort?.postMessage(m);

let running: Uint8Array | undefined;
// The wasm module binds console.log/warn when it starts: what it prints while loading an
// input (e.g. an XNNPACK operator it could not create) is a finding too.
const printed = (...args: unknown[]) => {
  const message = `the engine printed: ${args.map(String).join(' ').trim()}`;
  post({ type: 'finding', out: { kind: 'crash', message }, bytes: running ?? new Uint8Array() });
};
console.log = printed;
console.warn = printed;
await initEngine('wasm');
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
const srcRoot = new URL('../../src/', import.meta.url).href;
const seen = new Set<string>();

/** Blocks of our sources reached since the last call that no earlier input reached. */
async function newCoverage(): Promise<number> {
  const { result } = await session.post('Profiler.takePreciseCoverage');
  let fresh = 0;
  for (const script of result) {
    if (!script.url.startsWith(srcRoot)) continue;
    const file = script.url.slice(srcRoot.length);
    for (const fn of script.functions) {
      for (const r of fn.ranges) {
        if (r.count === 0) continue;
        const key = `${file}:${r.startOffset}:${r.endOffset}`;
        if (!seen.has(key)) {
          seen.add(key);
          fresh++;
        }
      }
    }
  }
  return fresh;
}

const rng = new Rng(data.seed);
const corpus: Uint8Array[] = [];
let runs = 0;
const exec = async (bytes: Uint8Array) => {
  current.set(bytes.subarray(0, data.maxLen));
  header[1] = Math.min(bytes.length, data.maxLen);
  Atomics.add(header, 0, 1);
  running = bytes;
  const out = runTarget(bytes);
  runs++;
  if (out.kind === 'crash' || out.kind === 'leak') post({ type: 'finding', out, bytes });
  return (await newCoverage()) > 0;
};

for (const s of data.seeds) {
  await exec(s);
  corpus.push(s);
}
let lastReport = performance.now();
while (Date.now() < data.deadline) {
  // newer entries (found by coverage) are picked more often than the seeds
  const i =
    rng.next() < 0.5 ? corpus.length - 1 - rng.int(Math.min(corpus.length, 16)) : rng.int(corpus.length);
  const mutant = mutate(rng, corpus[i], rng.pick(corpus));
  if (mutant.length > data.maxLen) continue;
  if (await exec(mutant)) corpus.push(mutant);
  if (performance.now() - lastReport > 5000) {
    post({ type: 'stats', runs, corpus: corpus.length, blocks: seen.size });
    lastReport = performance.now();
  }
}
post({ type: 'done', runs, corpus: corpus.length, blocks: seen.size });
