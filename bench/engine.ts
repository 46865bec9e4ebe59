/**
 * `npm run bench -- engine`: forward and input-gradient (saliency) times of the bundled
 * fmnist-cnn at batch 1 and 50, on wasm and cpu, with the same architecture in PyTorch
 * (Debian's python3-torch, one thread like our wasm, and its default threads) side by side.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { initEngine } from '../src/engine/backend.ts';
import { type Tensor, tf } from '../src/engine/tf.ts';
import { loadModel } from '../src/model/load.ts';
import { printTable, time } from './timing.ts';

const BATCHES = [1, 50];
type Row = { forward: number; inputGrad: number };
const ours: Record<string, Record<number, Row>> = {};

for (const backend of ['wasm', 'cpu']) {
  await initEngine(backend);
  const model = await loadModel('fmnist-cnn');
  ours[backend] = {};
  for (const n of BATCHES) {
    const x = tf.randomUniform([n, 28, 28, 1], 0, 1, 'float32', 1);
    const logits = (xx: Tensor) => model.run(xx, { taps: ['logits'] }).taps.get('logits')!;
    const fwd = await time(() => {
      const y = tf.tidy(() => model.run(x).output);
      y.dataSync();
      y.dispose();
    });
    const grad = await time(() => {
      const g = tf.tidy(() =>
        tf.grad((xx: Tensor) => {
          const l = logits(xx);
          return tf.sum(tf.mul(l, tf.oneHot(tf.argMax(l, 1), 10)));
        })(x),
      );
      g.dataSync();
      g.dispose();
    });
    ours[backend][n] = { forward: fwd.median, inputGrad: grad.median };
    x.dispose();
  }
  model.dispose();
}

type TorchOut = { threads: number; torch: string; results: Record<string, Row> };
const torch: TorchOut[] = [];
const py = '/usr/bin/python3';
const script = new URL('./engine_torch.py', import.meta.url).pathname;
for (const threads of [1, 2]) {
  try {
    if (!existsSync(py)) throw new Error(`${py} not found`);
    torch.push(JSON.parse(execFileSync(py, [script, String(threads)], { encoding: 'utf8' })));
  } catch (e) {
    process.stderr.write(
      `PyTorch baseline skipped: ${(e as Error).message.split('\n')[0]} (apt-get install python3-torch)\n`,
    );
    break;
  }
}

const f = (v: number) => v.toFixed(2);
const rows: (string | number)[][] = [];
for (const n of BATCHES) {
  const w = ours.wasm[n];
  const c = ours.cpu[n];
  rows.push([`batch ${n}`, 'glassbox wasm', f(w.forward), f(w.inputGrad), f(w.inputGrad / w.forward), '']);
  rows.push(['', 'glassbox cpu', f(c.forward), f(c.inputGrad), f(c.inputGrad / c.forward), '']);
  for (const t of torch) {
    const r = t.results[String(n)];
    rows.push([
      '',
      `pytorch ${t.torch} (${t.threads} thread${t.threads > 1 ? 's' : ''})`,
      f(r.forward),
      f(r.inputGrad),
      f(r.inputGrad / r.forward),
      f(w.inputGrad / r.inputGrad),
    ]);
  }
}
process.stdout.write('fmnist-cnn: forward and input gradient (saliency), median ms\n\n');
printTable(['', 'engine', 'forward ms', 'input-grad ms', 'grad/fwd', 'wasm grad / this'], rows);
