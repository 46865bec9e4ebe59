/** Shape and indexing ONNX ops against hand-computed cases and brute-force host loops. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertClose, host, run1, runOp, seq, strides, unravel } from '../../../../test/util/onnx_op.ts';
import { initEngine } from '../../../engine/backend.ts';
import { tf } from '../../../engine/tf.ts';
import { type HostTensor, OnnxImportError } from '../types.ts';
import * as Concat from './Concat.ts';
import * as Constant from './Constant.ts';
import * as ConstantOfShape from './ConstantOfShape.ts';
import * as Dropout from './Dropout.ts';
import * as Expand from './Expand.ts';
import * as Flatten from './Flatten.ts';
import * as Gather from './Gather.ts';
import * as Identity from './Identity.ts';
import * as Range from './Range.ts';
import * as Reshape from './Reshape.ts';
import * as Shape from './Shape.ts';
import * as Slice from './Slice.ts';
import * as Split from './Split.ts';
import * as Squeeze from './Squeeze.ts';
import * as Tile from './Tile.ts';
import * as Transpose from './Transpose.ts';
import * as Unsqueeze from './Unsqueeze.ts';

const iota = (n: number) => Array.from({ length: n }, (_, i) => i);
const i64 = (values: number[]) => host('INT64', [values.length], values);

before(async () => {
  await initEngine('wasm');
});

describe('Constant and ConstantOfShape', () => {
  it('Constant gives each value form with its type', () => {
    const t = run1(Constant.registrations, [], { attrs: { value: host('INT64', [2, 2], [1, 2, 3, 4]) } });
    assert.deepEqual([t.shape, t.values, t.dtype], [[2, 2], [1, 2, 3, 4], 'int32']);
    assert.deepEqual(run1(Constant.registrations, [], { attrs: { value_float: 1.5 } }).values, [1.5]);
    assert.deepEqual(run1(Constant.registrations, [], { attrs: { value_ints: [3, 4] } }).shape, [2]);
    const big = run1(Constant.registrations, [], { attrs: { value: i64([2 ** 40, -(2 ** 40)]) } });
    assert.deepEqual(big.values, [2147483647, -2147483648], 'int64 beyond int32 saturates');
  });
  it('Constant refuses strings and sparse tensors, naming the node', () => {
    const bad = (attrs: Record<string, string>) => () => runOp(Constant.registrations, [], { attrs });
    assert.throws(
      bad({ value_string: 'a' }),
      (e: Error) => e instanceof OnnxImportError && /Constant_test/.test(e.message),
    );
    assert.throws(
      () => runOp(Constant.registrations, [], { attrs: { value: host('STRING', [1], [0]) } }),
      /STRING/,
    );
  });
  it('ConstantOfShape fills the shape with the value, default float 0', () => {
    const z = run1(ConstantOfShape.registrations, [undefined], { constants: { 0: i64([2, 3]) } });
    assert.deepEqual([z.shape, z.values, z.dtype], [[2, 3], new Array(6).fill(0), 'float32']);
    const v = run1(ConstantOfShape.registrations, [tf.tensor1d([3], 'int32')], {
      attrs: { value: host('INT32', [1], [7]) },
    });
    assert.deepEqual([v.values, v.dtype], [[7, 7, 7], 'int32']);
    const e = run1(ConstantOfShape.registrations, [undefined], { constants: { 0: i64([0]) } });
    assert.deepEqual(e.shape, [0]);
  });
});

describe('Shape, Reshape, Flatten, Transpose, Squeeze, Unsqueeze', () => {
  const x = () => tf.zeros([2, 3, 4, 5]);
  it('Shape honours start and end (opset 15)', () => {
    assert.deepEqual(run1(Shape.registrations, [x()]).values, [2, 3, 4, 5]);
    assert.deepEqual(run1(Shape.registrations, [x()], { attrs: { start: 1, end: -1 } }).values, [3, 4]);
    assert.deepEqual(
      run1(Shape.registrations, [x()], { attrs: { start: -10, end: 10 } }).values,
      [2, 3, 4, 5],
    );
    assert.deepEqual(run1(Shape.registrations, [x()], { attrs: { start: 3, end: 1 } }).shape, [0]);
  });
  it('Reshape resolves 0, -1 and allowzero', () => {
    const r = (shape: number[], attrs = {}, opset = 21) =>
      run1(Reshape.registrations, [x(), undefined], { constants: { 1: i64(shape) }, attrs, opset }).shape;
    assert.deepEqual(r([0, -1]), [2, 60]);
    assert.deepEqual(r([-1, 0, 5]), [8, 3, 5]);
    assert.deepEqual(r([6, 20]), [6, 20]);
    assert.deepEqual(run1(Reshape.registrations, [x()], { opset: 4, attrs: { shape: [120] } }).shape, [120]);
    const empty = run1(Reshape.registrations, [tf.zeros([0, 3]), undefined], {
      constants: { 1: i64([3, 0]) },
      attrs: { allowzero: 1 },
    });
    assert.deepEqual(empty.shape, [3, 0]);
    assert.throws(() => r([-1, -1]), OnnxImportError);
    assert.throws(() => r([7, -1]), OnnxImportError);
  });
  it('Reshape keeps the element order', () => {
    const v = seq(6);
    assert.deepEqual(
      run1(Reshape.registrations, [tf.tensor(v, [2, 3]), tf.tensor1d([3, 2], 'int32')]).values,
      v.map(Math.fround),
    );
  });
  it('Flatten at every axis, negative ones included', () => {
    const want = [
      [1, 120],
      [2, 60],
      [6, 20],
      [24, 5],
      [120, 1],
    ];
    for (let a = -4; a <= 4; a++) {
      assert.deepEqual(
        run1(Flatten.registrations, [x()], { attrs: { axis: a } }).shape,
        want[a < 0 ? a + 4 : a],
      );
    }
    assert.deepEqual(run1(Flatten.registrations, [x()]).shape, [2, 60]);
  });
  it('Transpose permutes (default: reverse) as index arithmetic says', () => {
    const shape = [2, 3, 4];
    const v = iota(24);
    const perm = [1, 2, 0];
    const got = run1(Transpose.registrations, [tf.tensor(v, shape)], { attrs: { perm } });
    assert.deepEqual(got.shape, [3, 4, 2]);
    const st = strides(shape);
    assert.deepEqual(
      got.values,
      iota(24).map((k) => {
        const o = unravel(k, [3, 4, 2]);
        return perm.reduce((s, p, i) => s + o[i] * st[p], 0);
      }),
    );
    assert.deepEqual(run1(Transpose.registrations, [tf.zeros([2, 3, 4])]).shape, [4, 3, 2]);
  });
  it('Squeeze and Unsqueeze, attribute and input forms', () => {
    const y = () => tf.zeros([1, 3, 1, 2]);
    assert.deepEqual(run1(Squeeze.registrations, [y()]).shape, [3, 2]);
    assert.deepEqual(
      run1(Squeeze.registrations, [y()], { opset: 11, attrs: { axes: [-2] } }).shape,
      [1, 3, 2],
    );
    assert.deepEqual(
      run1(Squeeze.registrations, [y(), undefined], { constants: { 1: i64([0]) } }).shape,
      [3, 1, 2],
    );
    assert.throws(() => runOp(Squeeze.registrations, [y(), tf.tensor1d([1], 'int32')]), OnnxImportError);
    const z = () => tf.zeros([3, 4, 5]);
    assert.deepEqual(
      run1(Unsqueeze.registrations, [z()], { opset: 11, attrs: { axes: [0, 4] } }).shape,
      [1, 3, 4, 5, 1],
    );
    assert.deepEqual(
      run1(Unsqueeze.registrations, [z(), undefined], { constants: { 1: i64([4, 1]) } }).shape,
      [3, 1, 4, 5, 1],
    );
    assert.deepEqual(run1(Unsqueeze.registrations, [z(), tf.tensor1d([-1], 'int32')]).shape, [3, 4, 5, 1]);
  });
});

/** Python/numpy slice indices of one axis (CPython's PySlice_AdjustIndices). */
function pyIndices(dim: number, start: number, end: number, step: number): number[] {
  const adjust = (v: number) => {
    if (v < 0) return Math.max(v + dim, step < 0 ? -1 : 0);
    return Math.min(v, step < 0 ? dim - 1 : dim);
  };
  const out: number[] = [];
  for (let i = adjust(start); step > 0 ? i < adjust(end) : i > adjust(end); i += step) out.push(i);
  return out;
}

/** Brute-force slice: the output is the product of per-axis index lists. */
function sliceRef(values: number[], shape: number[], idx: number[][]): { shape: number[]; values: number[] } {
  const outShape = idx.map((l) => l.length);
  const st = strides(shape);
  const n = outShape.reduce((a, b) => a * b, 1);
  return {
    shape: outShape,
    values: iota(n)
      .map((k) => unravel(k, outShape).reduce((s, j, a) => s + idx[a][j] * st[a], 0))
      .map((o) => values[o]),
  };
}

describe('Slice', () => {
  const shape = [4, 5, 6];
  const v = iota(120);
  const cases: [number[], number[], number[] | undefined, number[] | undefined][] = [
    [[1], [3], [0], undefined],
    [[0, 1], [-1, 1000], [1, 2], undefined],
    [[-1], [-1000], [1], [-1]],
    [
      [5, 0],
      [-100, 6],
      [2, 1],
      [-2, 3],
    ],
    [[-3], [-1], [-1], [1]],
    [[10], [20], [0], undefined],
    [[0, 0, 0], [4, 5, 6], undefined, [3, 2, 4]],
    [
      [3, 4, 5],
      [-1000, -1000, -1000],
      [0, 1, 2],
      [-1, -3, -4],
    ],
    [[2], [2], [1], [1]],
  ];
  it('matches numpy slicing (negative and overflowing bounds, steps, axes)', () => {
    for (const [starts, ends, axes, steps] of cases) {
      const constants: Record<number, HostTensor> = { 1: i64(starts), 2: i64(ends) };
      if (axes) constants[3] = i64(axes);
      if (steps) constants[4] = i64(steps);
      const got = run1(Slice.registrations, [tf.tensor(v, shape)], { constants });
      const idx = shape.map((d) => iota(d));
      (axes ?? starts.map((_, i) => i)).forEach((a, i) => {
        const ax = a < 0 ? a + 3 : a;
        idx[ax] = pyIndices(shape[ax], starts[i], ends[i], steps?.[i] ?? 1);
      });
      const want = sliceRef(v, shape, idx);
      const what = JSON.stringify([starts, ends, axes, steps]);
      assert.deepEqual(got.shape, want.shape, what);
      assert.deepEqual(got.values, want.values, what);
    }
  });
  it('reads INT64_MAX ends as "to the end"', () => {
    const ends: HostTensor = {
      dataType: 'INT64',
      shape: [1],
      values: Float32Array.of(2 ** 63),
      exact: BigInt64Array.of(2n ** 63n - 1n),
    };
    const got = run1(Slice.registrations, [tf.tensor(v, shape)], {
      constants: { 1: i64([1]), 2: ends, 3: i64([-1]) },
    });
    assert.deepEqual(got.shape, [4, 5, 5]);
  });
  it('takes run-time int tensors and the opset-1 attributes', () => {
    const x = () => tf.tensor(v, shape);
    const t = (a: number[]) => tf.tensor1d(a, 'int32');
    const got = run1(Slice.registrations, [x(), t([1]), t([3]), t([2]), t([1])]);
    assert.deepEqual(got.shape, [4, 5, 2]);
    const old = run1(Slice.registrations, [x()], { opset: 9, attrs: { starts: [1], ends: [-1], axes: [1] } });
    assert.deepEqual(old.shape, [4, 3, 6]);
  });
  it('slices bool tensors with negative steps', () => {
    const b = tf.tensor([true, false, false, true, true], [5], 'bool');
    const got = run1(Slice.registrations, [b], { constants: { 1: i64([-1]), 2: i64([-6]), 4: i64([-2]) } });
    assert.deepEqual([got.values, got.dtype], [[1, 0, 1], 'bool']);
  });
});

describe('Concat, Split', () => {
  it('Concat along negative axes, skipping empty inputs', () => {
    const a = tf.tensor([1, 2, 3, 4], [2, 2]);
    const b = tf.tensor([5, 6], [2, 1]);
    const got = run1(Concat.registrations, [a, b, tf.zeros([2, 0])], { attrs: { axis: -1 } });
    assert.deepEqual(
      [got.shape, got.values],
      [
        [2, 3],
        [1, 2, 5, 3, 4, 6],
      ],
    );
    const e = run1(Concat.registrations, [tf.zeros([0, 2]), tf.zeros([0, 2])], { attrs: { axis: 0 } });
    assert.deepEqual(e.shape, [0, 2]);
  });
  it('Split by sizes (attribute, input), equally, and with num_outputs', () => {
    const x = () => tf.tensor(iota(12), [2, 6]);
    const parts = (o: Parameters<typeof runOp>[2], inputs = [x()]) =>
      tf.tidy(() => runOp(Split.registrations, inputs, o).map((t) => [t.shape, Array.from(t.dataSync())]));
    assert.deepEqual(parts({ opset: 11, attrs: { axis: 1, split: [1, 5] }, outputs: 2 }), [
      [
        [2, 1],
        [0, 6],
      ],
      [
        [2, 5],
        [1, 2, 3, 4, 5, 7, 8, 9, 10, 11],
      ],
    ]);
    assert.deepEqual(
      parts({ attrs: { axis: -1 }, outputs: 3, constants: { 1: i64([2, 0, 4]) } }, [
        x(),
        undefined as never,
      ]).map((p) => p[0]),
      [
        [2, 2],
        [2, 0],
        [2, 4],
      ],
    );
    assert.deepEqual(
      parts({ attrs: { axis: 1 }, outputs: 3, opset: 13 }).map((p) => p[0]),
      [
        [2, 2],
        [2, 2],
        [2, 2],
      ],
    );
    assert.deepEqual(
      parts({ attrs: { axis: 1, num_outputs: 4 }, outputs: 4, opset: 18 }).map((p) => p[0]),
      [
        [2, 2],
        [2, 2],
        [2, 2],
        [2, 0],
      ],
    );
    const seven = tf.zeros([7]);
    assert.deepEqual(
      parts({ attrs: { num_outputs: 3 }, outputs: 3, opset: 18 }, [seven]).map((p) => p[0]),
      [[3], [3], [1]],
    );
    assert.throws(
      () => runOp(Split.registrations, [x()], { opset: 13, attrs: { axis: 1 }, outputs: 4 }),
      OnnxImportError,
    );
  });
});

describe('Gather, Expand, Tile', () => {
  it('Gather with negative and multi-dimensional indices', () => {
    const shape = [3, 4];
    const v = seq(12).map(Math.fround);
    const indices = [
      [-1, 0],
      [2, -4],
    ];
    const got = run1(Gather.registrations, [tf.tensor(v, shape), tf.tensor(indices, [2, 2], 'int32')], {
      attrs: { axis: 1 },
    });
    assert.deepEqual(got.shape, [3, 2, 2]);
    const flat = indices.flat().map((i) => (i < 0 ? i + 4 : i));
    assert.deepEqual(
      got.values,
      iota(12).map((k) => {
        const [r, a, b] = unravel(k, [3, 2, 2]);
        return v[r * 4 + flat[a * 2 + b]];
      }),
    );
    const s = run1(Gather.registrations, [tf.tensor(v, shape), undefined], {
      constants: { 1: host('INT64', [], [-1]) },
    });
    assert.deepEqual([s.shape, s.values], [[4], v.slice(8)]);
  });
  it('Expand broadcasts both ways', () => {
    const got = run1(Expand.registrations, [tf.tensor([1, 2, 3], [3, 1]), undefined], {
      constants: { 1: i64([2, 1, 4]) },
    });
    assert.deepEqual(got.shape, [2, 3, 4]);
    assert.deepEqual(
      got.values,
      iota(24).map((k) => unravel(k, [2, 3, 4])[1] + 1),
    );
    assert.deepEqual(
      run1(Expand.registrations, [tf.zeros([2, 3]), tf.tensor1d([3, 1, 1], 'int32')]).shape,
      [3, 2, 3],
    );
    assert.throws(
      () => runOp(Expand.registrations, [tf.zeros([2, 3]), tf.tensor1d([4], 'int32')]),
      OnnxImportError,
    );
  });
  it('Tile repeats every axis', () => {
    const v = [1, 2, 3, 4, 5, 6];
    const got = run1(Tile.registrations, [tf.tensor(v, [2, 3]), tf.tensor1d([2, 2], 'int32')]);
    assert.deepEqual(got.shape, [4, 6]);
    assert.deepEqual(
      got.values,
      iota(24).map((k) => {
        const [r, c] = unravel(k, [4, 6]);
        return v[(r % 2) * 3 + (c % 3)];
      }),
    );
  });
});

describe('Identity, Dropout, Range', () => {
  it('Identity and inference Dropout pass the input through; the mask is all true', () => {
    assert.deepEqual(run1(Identity.registrations, [tf.tensor1d([1, 2])]).values, [1, 2]);
    const [y, mask] = runOp(Dropout.registrations, [tf.tensor1d([1, 2]), tf.scalar(0.5)], { outputs: 2 });
    assert.deepEqual(
      [Array.from(y.dataSync()), mask.dtype, Array.from(mask.dataSync())],
      [[1, 2], 'bool', [1, 1]],
    );
    tf.dispose([y, mask]);
    const old = tf.tidy(
      () => runOp(Dropout.registrations, [tf.tensor1d([1, 2])], { opset: 7, outputs: 2 })[1].dtype,
    );
    assert.equal(old, 'float32');
    const zero = run1(Dropout.registrations, [tf.tensor1d([3]), tf.scalar(0), tf.scalar(true, 'bool')]);
    assert.deepEqual(zero.values, [3]);
    assert.throws(
      () => runOp(Dropout.registrations, [tf.tensor1d([3]), tf.scalar(0.5), tf.scalar(true, 'bool')]),
      /training-mode/,
    );
  });
  it('Range computes start + i * delta', () => {
    const r = (a: number, b: number, d: number, dtype: 'float32' | 'int32') =>
      run1(Range.registrations, [tf.scalar(a, dtype), tf.scalar(b, dtype), tf.scalar(d, dtype)]);
    assertClose(r(1, 2, 0.3, 'float32').values, [1, 1.3, 1.6, 1.9]);
    const i = r(10, 4, -3, 'int32');
    assert.deepEqual([i.values, i.dtype], [[10, 7], 'int32']);
    assert.deepEqual(r(0, -1, 1, 'int32').shape, [0]);
  });
});
