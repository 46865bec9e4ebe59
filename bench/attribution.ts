/**
 * `npm run bench -- attribution`: per-image time (median ms) of every gradient, layer and
 * neuron attribution method on fmnist-cnn (mnist-cnn when the zoo lacks it) and on the
 * ONNX ResNet-18 fixture (resnet18_w16, 3x64x64), and in the same run plain PyTorch
 * implementations of saliency, integrated gradients (50 steps) and SmoothGrad (20
 * samples) with the same weights (Debian's python3-torch; one thread like our wasm, and
 * two), as ratios. `--quick` times fewer rounds; `--cnn-only` skips the ResNet.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { initEngine } from '../src/engine/backend.ts';
import { tf } from '../src/engine/tf.ts';
import { GRADIENT_METHODS } from '../src/methods/attribution/gradient_methods.ts';
import { loadModel } from '../src/model/load.ts';
import { ZOO_DIR } from '../src/model/zoo.ts';
import { printTable } from './timing.ts';

const quick = process.argv.includes('--quick');
const FIXTURES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../test/fixtures/onnx');
const COMPARED = ['saliency', 'integrated-gradients', 'smoothgrad'];

interface Case {
  /** model to load, and what the PyTorch side builds (name and path for attribution_torch.py) */
  ref: string;
  torch: [string, string];
  rounds: number;
  /** options of every method, then per method */
  common: Record<string, unknown>;
  special: Record<string, Record<string, unknown>>;
}

const cnn = existsSync(`${ZOO_DIR}/fmnist-cnn/model.json`) ? 'fmnist-cnn' : 'mnist-cnn';
const sizes = {
  'integrated-gradients': { steps: 50, rule: 'gauss-legendre' },
  smoothgrad: { samples: 20 },
  'smoothgrad-sq': { samples: 20 },
  vargrad: { samples: 20 },
};
const resnetLayer = '/stages/stages.7/Relu';
const cases: Case[] = [
  {
    ref: cnn,
    torch: [cnn, `${ZOO_DIR}/${cnn}/model.json`],
    rounds: quick ? 3 : 9,
    common: { outputLayer: 'logits', layer: 'conv2' },
    special: {
      ...sizes,
      'neuron-gradient': { layer: 'fc1', neuron: 5 },
      'neuron-integrated-gradients': { layer: 'fc1', neuron: 5 },
    },
  },
  {
    ref: `${FIXTURES}/resnet18_w16.onnx`,
    torch: ['resnet18_w16', FIXTURES],
    rounds: quick ? 1 : 3,
    common: { layer: resnetLayer, neuron: 5 },
    special: sizes,
  },
];

type TorchOut = {
  threads: number;
  torch: string;
  weights: string;
  fixtureError: number | null;
  probeLogits: number[];
  results: Record<string, number>;
};

function runTorch(name: string, file: string): TorchOut[] {
  const py = '/usr/bin/python3';
  const script = new URL('./attribution_torch.py', import.meta.url).pathname;
  const out: TorchOut[] = [];
  for (const threads of [1, 2]) {
    try {
      if (!existsSync(py)) throw new Error(`${py} not found`);
      const json = execFileSync(py, [script, String(threads), name, file], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      out.push(JSON.parse(json));
    } catch (e) {
      process.stderr.write(
        `PyTorch baseline skipped: ${(e as Error).message.split('\n')[0]} (apt-get install python3-torch)\n`,
      );
      break;
    }
  }
  return out;
}

const median = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
const f = (v: number) => v.toFixed(2);

await initEngine('wasm');
for (const c of process.argv.includes('--cnn-only') ? cases.slice(0, 1) : cases) {
  const model = await loadModel(c.ref);
  const x = tf.randomUniform([1, ...model.inputShape], 0, 1, 'float32', 1);
  // rounds: every method once per round (after one warm-up round), so that a load spike on
  // a shared machine hits all methods alike; the median over rounds
  const times: Record<string, number[]> = Object.fromEntries(GRADIENT_METHODS.map((m) => [m.name, []]));
  for (let round = -1; round < c.rounds; round++) {
    for (const m of GRADIENT_METHODS) {
      const t = performance.now();
      const r = await m.fn(model, x, { ...c.common, ...(c.special[m.name] ?? {}) });
      await r.values.data();
      tf.dispose([r.values, ...(r.delta ? [r.delta] : [])]);
      if (round >= 0) times[m.name].push(performance.now() - t);
    }
  }
  // logits on a probe input: the zoo model's output is softmax, the fixture's is its logits
  const probeLogits = probeOf(model, c.ref === cnn ? 'logits' : undefined);
  const torch = runTorch(...c.torch);
  const name = path.basename(c.ref);
  process.stdout.write(
    `\n${name}, one ${model.inputShape.join('x')} image, wasm backend: median ms per method\n\n`,
  );
  const header = [
    'method',
    'glassbox ms',
    ...torch.map((t) => `torch ${t.threads}T ms`),
    ...torch.map((t) => `ratio vs ${t.threads}T`),
  ];
  const rows = GRADIENT_METHODS.map((m) => {
    const ms = median(times[m.name]);
    const theirs = torch.map((t) => (COMPARED.includes(m.name) ? t.results[m.name] : Number.NaN));
    const cell = (v: number, s: string) => (Number.isNaN(v) ? '' : s);
    return [
      m.name,
      f(ms),
      ...theirs.map((v) => cell(v, f(v))),
      ...theirs.map((v) => cell(v, `${f(ms / v)}x`)),
    ];
  });
  printTable(header, rows);
  if (torch.length > 0) {
    const theirs = torch[0].probeLogits;
    const diff = Math.max(...probeLogits.map((v, i) => Math.abs(v - theirs[i])));
    process.stdout.write(
      `\nPyTorch ${torch[0].torch}, ${torch[0].weights} weights` +
        (torch[0].fixtureError != null
          ? ` (max |error| on the fixture's stored output ${torch[0].fixtureError})`
          : '') +
        `; max |logit difference| from ours on a probe input: ${diff.toExponential(1)}\n`,
    );
  }
  x.dispose();
  model.dispose();
}
process.stdout.write(
  '\noptions: integrated-gradients 50 Gauss-Legendre steps in one batch, smoothgrad 20 samples (PyTorch: the same, one batch each);\n' +
    `layer methods at conv2 (ResNet: ${resnetLayer}), neuron methods at fc1 unit 5 (ResNet: unit 5 of that layer)\n`,
);

/** Scores on the probe input i / size (the same values in PyTorch's layout, as C = 1 or NCHW). */
function probeOf(model: Awaited<ReturnType<typeof loadModel>>, tap?: string): number[] {
  const size = model.inputShape.reduce((a, b) => a * b, 1);
  return tf.tidy(() => {
    const probe = tf.div(tf.reshape(tf.range(0, size), [1, ...model.inputShape]), size);
    const r = model.run(probe, { taps: tap ? [tap] : [] });
    return Array.from((tap ? r.taps.get(tap)! : r.output).dataSync());
  });
}
