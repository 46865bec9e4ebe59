/**
 * Depthwise convolution gradients on wasm against the forward convolution of the same size.
 * Prints one row per case: median milliseconds of the forward pass and of each gradient
 * kernel, and their ratios to the forward pass. The three are timed in turn in every round
 * so a busy machine slows them alike.
 *   npx tsx bench/depthwise_grad.ts [rounds]
 */
import { initEngine } from '../src/engine/backend.ts';
import { tf } from '../src/engine/tf.ts';

type Pad = 'same' | 'valid';
interface Case {
  n: number;
  hw: number;
  c: number;
  m: number;
  k: number;
  s: number;
  pad: Pad;
}

const CASES: Case[] = [
  { n: 50, hw: 28, c: 32, m: 1, k: 3, s: 1, pad: 'same' },
  { n: 50, hw: 28, c: 32, m: 1, k: 3, s: 2, pad: 'same' },
  { n: 50, hw: 28, c: 32, m: 2, k: 3, s: 1, pad: 'same' },
  { n: 8, hw: 56, c: 64, m: 1, k: 3, s: 1, pad: 'valid' },
  { n: 8, hw: 56, c: 64, m: 1, k: 5, s: 2, pad: 'same' },
];

function timeOnce(f: () => tf.Tensor): number {
  const t0 = performance.now();
  const out = f();
  out.dataSync();
  const ms = performance.now() - t0;
  out.dispose();
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 21);
  await initEngine('wasm');
  console.log('case | forward ms | input-grad ms (x fwd) | filter-grad ms (x fwd)');
  for (const c of CASES) {
    const x = tf.randomNormal([c.n, c.hw, c.hw, c.c], 0, 1, 'float32', 1) as tf.Tensor4D;
    const w = tf.randomNormal([c.k, c.k, c.c, c.m], 0, 1, 'float32', 2) as tf.Tensor4D;
    const outShape = tf.tidy(() => tf.depthwiseConv2d(x, w, c.s, c.pad).shape);
    const dy = tf.randomNormal(outShape, 0, 1, 'float32', 3) as tf.Tensor4D;
    const attrs = { strides: [c.s, c.s], pad: c.pad, dilations: [1, 1] };
    const fwd = () => tf.depthwiseConv2d(x, w, c.s, c.pad);
    const inp = () =>
      tf
        .engine()
        .runKernel(
          'DepthwiseConv2dNativeBackpropInput',
          { dy, filter: w },
          { ...attrs, inputShape: x.shape },
        ) as tf.Tensor;
    const fil = () =>
      tf
        .engine()
        .runKernel(
          'DepthwiseConv2dNativeBackpropFilter',
          { x, dy },
          { ...attrs, filterShape: w.shape },
        ) as tf.Tensor;
    const t: number[][] = [[], [], []];
    for (let r = 0; r < rounds + 2; r++) {
      const times = [timeOnce(fwd), timeOnce(inp), timeOnce(fil)];
      // The first two rounds build XNNPACK operators and are not counted.
      if (r >= 2) for (const [i, v] of times.entries()) t[i].push(v);
    }
    const [f, i, g] = t.map(median);
    const name = `${c.n}x${c.hw}x${c.hw}x${c.c} k${c.k} m${c.m} s${c.s} ${c.pad}`;
    console.log(
      `${name} | ${f.toFixed(2)} | ${i.toFixed(2)} (${(i / f).toFixed(2)}) | ${g.toFixed(2)} (${(g / f).toFixed(2)})`,
    );
    tf.dispose([x, w, dy]);
  }
}

await main();
