/**
 * Per-image time of every perturbation attribution method at its default options, on
 * fmnist-cnn (mnist-cnn until fmnist-cnn is bundled) and on the ONNX ResNet-18 fixture:
 * median over runs, the number of forward passes (perturbed inputs) it needs, and the time
 * per perturbed input. Also the speed-up of batching 64 perturbations per forward pass
 * over one at a time, measured in the same run.
 *   npm run bench -- perturbation [runs]
 */
import { existsSync } from 'node:fs';
import { initEngine } from '../src/engine/backend.ts';
import { type Tensor, tf } from '../src/engine/tf.ts';
import { perturbationMethods } from '../src/methods/attribution/perturbation_methods.ts';
import { loadModel } from '../src/model/load.ts';
import { zooEntry } from '../src/model/zoo.ts';
import { printTable, time } from './timing.ts';

await initEngine('wasm');
const runs = Number(process.argv[2] ?? 5);
const zoo = existsSync(zooEntry('fmnist-cnn')!.file) ? 'fmnist-cnn' : 'mnist-cnn';
const targets = [zoo, 'test/fixtures/onnx/resnet18_w16.onnx'];

const rows: (string | number)[][] = [];
for (const ref of targets) {
  const model = await loadModel(ref);
  const x = tf.randomUniform([1, ...model.inputShape], 0, 1, 'float32', 1);
  const label = ref.split('/').at(-1)!;
  for (const m of perturbationMethods) {
    let passes = 0;
    const once = async (opts: object = {}) => {
      const r = await m.fn(model, x, { ...opts, onProgress: (_d: number, t: number) => (passes = t) });
      r.values.dispose();
    };
    const t = await time(() => once(), { warmup: 1, runs, maxMs: 30_000 });
    rows.push([
      `${label} ${m.name}`,
      passes,
      t.median.toFixed(0),
      ((1000 * t.median) / passes).toFixed(0),
      t.runs,
    ]);
  }
  // batching: occlusion at its default window, 64 vs 1 perturbed inputs per forward pass
  const occ = perturbationMethods[0];
  const per = async (n: number) =>
    time(
      async () => {
        const r = await occ.fn(model, x as Tensor, { perturbationsPerEval: n });
        r.values.dispose();
      },
      { warmup: 1, runs, maxMs: 30_000 },
    );
  const [one, many] = [await per(1), await per(64)];
  rows.push([
    `${label} occlusion, 1 per pass / 64 per pass`,
    '',
    `${(one.median / many.median).toFixed(2)}x`,
    '',
    runs,
  ]);
  x.dispose();
  model.dispose();
}
printTable(['model, method (defaults)', 'perturbed inputs', 'median ms', 'us / input', 'runs'], rows);
