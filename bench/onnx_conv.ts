/**
 * The ONNX Conv op (NCHW, transposes around TF.js's NHWC kernels) against plain tf.conv2d /
 * tf.depthwiseConv2d on NHWC data of the same size: forward, and forward + input gradient;
 * without and with ctx.memo (the filter transposed once, as an executor can keep it).
 * Both are timed in turn in every round so a busy machine slows them alike.
 *   npm run bench -- onnx_conv [rounds]
 */
import { initEngine } from '../src/engine/backend.ts';
import { type Tensor, tf } from '../src/engine/tf.ts';
import { registrations } from '../src/model/onnx/ops/Conv.ts';
import type { OpContext } from '../src/model/onnx/types.ts';
import { printTable } from './timing.ts';

interface Case {
  name: string;
  c: number;
  m: number;
  hw: number;
  group: number;
}
const CASES: Case[] = [
  { name: 'conv 1x64x56x56 3x3 -> 64', c: 64, m: 64, hw: 56, group: 1 },
  { name: 'conv 1x512x7x7 3x3 -> 512', c: 512, m: 512, hw: 7, group: 1 },
  { name: 'depthwise 1x64x56x56 3x3', c: 64, m: 64, hw: 56, group: 64 },
];

/** An op context; with `memo`, the filter transform is kept across runs as an executor would. */
const ctx = (group: number, memo?: Map<string, Tensor>): OpContext => ({
  node: {
    name: 'bench',
    opType: 'Conv',
    domain: '',
    inputs: [],
    outputs: ['y'],
    attrs: { pads: [1, 1, 1, 1], group },
  },
  opset: 17,
  constant: () => undefined,
  memo: memo
    ? (key, _inputs, make) => {
        if (!memo.has(key)) memo.set(key, tf.keep(make()));
        return memo.get(key) as Tensor;
      }
    : undefined,
});

function timeOnce(f: () => Tensor): number {
  const t0 = performance.now();
  const out = f();
  out.dataSync();
  const ms = performance.now() - t0;
  out.dispose();
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

await initEngine('wasm');
const rounds = Number(process.argv[2] ?? 15);
const rows: (string | number)[][] = [];
for (const c of CASES) {
  const onnx = registrations[0].impl;
  const xNchw = tf.randomNormal([1, c.c, c.hw, c.hw], 0, 1, 'float32', 1);
  const xNhwc = tf.transpose(xNchw, [0, 2, 3, 1]) as tf.Tensor4D;
  const wOnnx = tf.randomNormal([c.m, c.c / c.group, 3, 3], 0, 0.1, 'float32', 2);
  const wTf = (
    c.group === 1 ? tf.transpose(wOnnx, [2, 3, 1, 0]) : tf.transpose(wOnnx, [2, 3, 0, 1])
  ) as tf.Tensor4D;
  const plain = (x: Tensor) =>
    c.group === 1
      ? tf.conv2d(x as tf.Tensor4D, wTf, 1, 'same')
      : tf.depthwiseConv2d(x as tf.Tensor4D, wTf, 1, 'same');
  const ours = (x: Tensor) => onnx.run([x, wOnnx], ctx(c.group))[0];
  const memo = new Map<string, Tensor>();
  const oursMemo = (x: Tensor) => onnx.run([x, wOnnx], ctx(c.group, memo))[0];
  const gradOf = (f: (x: Tensor) => Tensor) => tf.grad((x: Tensor) => tf.sum(f(x)));
  const fns = {
    plainFwd: () => tf.tidy(() => plain(xNhwc)),
    oursFwd: () => tf.tidy(() => ours(xNchw)),
    memoFwd: () => tf.tidy(() => oursMemo(xNchw)),
    plainGrad: () => gradOf(plain)(xNhwc),
    oursGrad: () => gradOf(ours)(xNchw),
    memoGrad: () => gradOf(oursMemo)(xNchw),
  };
  const ts: Record<string, number[]> = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let r = 0; r < rounds + 2; r++) {
    for (const [k, f] of Object.entries(fns)) {
      const ms = timeOnce(f);
      if (r >= 2) ts[k].push(ms);
    }
  }
  const m = Object.fromEntries(Object.entries(ts).map(([k, v]) => [k, median(v)]));
  const row = (pass: string, a: number, b: number, memoed: number) =>
    rows.push([
      c.name,
      pass,
      a.toFixed(2),
      b.toFixed(2),
      (b / a).toFixed(2),
      memoed.toFixed(2),
      (memoed / a).toFixed(2),
    ]);
  row('forward', m.plainFwd, m.oursFwd, m.memoFwd);
  row('fwd + input grad', m.plainGrad, m.oursGrad, m.memoGrad);
  tf.dispose([xNchw, xNhwc, wOnnx, wTf, ...memo.values()]);
}
printTable(['case', 'pass', 'tf NHWC ms', 'ONNX Conv ms', 'ratio', 'with memo ms', 'ratio'], rows);
