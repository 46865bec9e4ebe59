import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  assertClose,
  checkGrad,
  checkNoLeak,
  normals,
  randn,
  runOp,
  size,
} from '../../../../test/util/onnx_nn.ts';
import { refPool } from '../../../../test/util/onnx_ref.ts';
import { initEngine } from '../../../engine/backend.ts';
import { tf } from '../../../engine/tf.ts';
import { registrations as avgPool } from './AveragePool.ts';
import { registrations as gap } from './GlobalAveragePool.ts';
import { registrations as gmp } from './GlobalMaxPool.ts';
import { registrations as maxPool } from './MaxPool.ts';

interface Case {
  name: string;
  xs: number[];
  k: number[];
  strides?: number[];
  dil?: number[];
  pads?: number[];
  ceil?: boolean;
  includePad?: boolean;
  /** all values negative (tfjs-wasm's MaxPool3D got these wrong) */
  negative?: boolean;
}

const cases: Case[] = [
  { name: '2-D asymmetric pads, stride 2', xs: [2, 3, 7, 6], k: [3, 3], strides: [2, 2], pads: [1, 0, 2, 1] },
  {
    name: '2-D ceil mode with pads',
    xs: [1, 2, 6, 7],
    k: [3, 2],
    strides: [2, 3],
    pads: [1, 1, 0, 1],
    ceil: true,
  },
  {
    name: '2-D dilation 2 with pads',
    xs: [1, 2, 7, 7],
    k: [2, 3],
    strides: [1, 2],
    dil: [2, 2],
    pads: [1, 1, 1, 2],
  },
  { name: '1-D ceil', xs: [2, 2, 9], k: [3], strides: [2], pads: [1, 0], ceil: true },
  { name: '3-D pads', xs: [1, 2, 4, 5, 4], k: [2, 3, 2], strides: [2, 1, 2], pads: [0, 1, 1, 1, 1, 0] },
  { name: '3-D negative values', xs: [1, 2, 3, 4, 4], k: [2, 2, 2], strides: [1, 2, 2], negative: true },
  { name: '3-D dilation', xs: [1, 1, 5, 5, 5], k: [2, 2, 2], dil: [2, 1, 2], pads: [1, 0, 0, 0, 1, 1] },
];

function attrsOf(c: Case, extra: Record<string, number> = {}) {
  const r = c.k.length;
  return {
    kernel_shape: c.k,
    strides: c.strides ?? new Array(r).fill(1),
    dilations: c.dil ?? new Array(r).fill(1),
    pads: c.pads ?? new Array(2 * r).fill(0),
    ceil_mode: c.ceil ? 1 : 0,
    ...extra,
  };
}

function geomOf(c: Case) {
  const r = c.k.length;
  const pads = c.pads ?? new Array(2 * r).fill(0);
  return {
    strides: c.strides ?? new Array(r).fill(1),
    dil: c.dil ?? new Array(r).fill(1),
    begin: pads.slice(0, r),
    end: pads.slice(r),
    ceil: c.ceil,
  };
}

describe('ONNX pooling', () => {
  before(async () => {
    await initEngine('wasm');
  });

  for (const c of cases) {
    it(`MaxPool ${c.name} equals the brute-force loop`, () => {
      const xv = normals(size(c.xs), 1).map((v) => (c.negative ? -Math.abs(v) - 0.1 : v));
      const ref = refPool(xv, c.xs, c.k, { ...geomOf(c), kind: 'max' });
      const [y] = runOp(maxPool, [tf.tensor(xv, c.xs)], attrsOf(c));
      assert.deepEqual(y.shape, ref.shape);
      assertClose(y.dataSync(), ref.data, 1e-6, c.name);
    });
    for (const includePad of [false, true]) {
      it(`AveragePool ${c.name}, count_include_pad ${includePad ? 1 : 0} equals the brute-force loop`, () => {
        const xv = normals(size(c.xs), 2);
        const ref = refPool(xv, c.xs, c.k, { ...geomOf(c), kind: 'avg', countIncludePad: includePad });
        const [y] = runOp(
          avgPool,
          [tf.tensor(xv, c.xs)],
          attrsOf(c, { count_include_pad: includePad ? 1 : 0 }),
        );
        assert.deepEqual(y.shape, ref.shape);
        assertClose(y.dataSync(), ref.data, 1e-5, c.name);
      });
    }
  }

  it('MaxPool keeps an int32 input int32 and auto_pad SAME_UPPER pads at the end', () => {
    const x = tf.tensor([1, 5, 3, 2, 9, 4, 7, 8, 6], [1, 1, 3, 3], 'int32');
    const [y] = runOp(maxPool, [x], { kernel_shape: [2, 2], strides: [2, 2], auto_pad: 'SAME_UPPER' });
    assert.equal(y.dtype, 'int32');
    assert.deepEqual(Array.from(y.dataSync()), [9, 4, 8, 6]);
  });

  it('MaxPool refuses the Indices output', () => {
    assert.throws(
      () => runOp(maxPool, [tf.zeros([1, 1, 2, 2])], { kernel_shape: [2, 2] }, { outputs: 2 }),
      /MaxPool node 'MaxPool_test': the Indices output is not supported/,
    );
  });

  it('refuses geometry the engine would misread: non-positive kernels, strides beyond int32 (found by fuzzing)', () => {
    const x = tf.zeros([1, 1, 4, 4]);
    assert.throws(
      () => runOp(maxPool, [x], { kernel_shape: [2, -1] }),
      /kernel_shape \[2,-1\] must be positive/,
    );
    assert.throws(
      () => runOp(maxPool, [x], { kernel_shape: [2, 2], strides: [2, 2 ** 40] }),
      /must be between 1 and 2\^31 - 1/,
    );
    x.dispose();
  });

  it('GlobalAveragePool and GlobalMaxPool equal mean and max per channel', () => {
    const x = tf.tensor([1, 2, 3, 4, -1, -2, -3, 8], [1, 2, 2, 2]);
    const [a] = runOp(gap, [x]);
    const [m] = runOp(gmp, [x]);
    assert.deepEqual(a.shape, [1, 2, 1, 1]);
    assert.deepEqual(Array.from(a.dataSync()), [2.5, 0.5]);
    assert.deepEqual(Array.from(m.dataSync()), [4, 8]);
  });

  it('gradients equal finite differences', () => {
    const x = randn([1, 2, 5, 5], 3);
    const a = { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 0, 1, 1], ceil_mode: 1 };
    checkGrad((xx) => runOp(maxPool, [xx], a)[0], x, 4, 2e-2, 1e-3);
    checkGrad((xx) => runOp(avgPool, [xx], { ...a, count_include_pad: 1 })[0], x);
    checkGrad((xx) => runOp(avgPool, [xx], { ...a, dilations: [2, 1] })[0], x);
    checkGrad((xx) => runOp(maxPool, [xx], { ...a, dilations: [1, 2] })[0], x, 5, 2e-2, 1e-3);
    checkGrad((xx) => runOp(gap, [xx])[0], x);
  });

  it('leaves no tensors behind', () => {
    const x = randn([1, 2, 6, 6], 6);
    const a = { kernel_shape: [3, 3], pads: [1, 1, 1, 1], dilations: [2, 2], count_include_pad: 1 };
    checkNoLeak(() => runOp(maxPool, [x], a));
    checkNoLeak(() => runOp(avgPool, [x], a));
    checkNoLeak(() =>
      runOp(avgPool, [x], { kernel_shape: [3, 3], pads: [1, 1, 1, 1], count_include_pad: 1 }),
    );
  });
});
