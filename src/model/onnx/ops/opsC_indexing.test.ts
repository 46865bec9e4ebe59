/**
 * The indexing and shape ops added last (Size, CastLike, GatherElements, GatherND, Trilu,
 * Hardmax, OneHot, EyeLike, TopK) against closed forms computed on the host.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertClose, host, run1, runOp, seq, unravel } from '../../../../test/util/onnx_op.ts';
import { initEngine } from '../../../engine/backend.ts';
import { tf } from '../../../engine/tf.ts';
import * as CastLike from './CastLike.ts';
import * as Compress from './Compress.ts';
import * as EyeLike from './EyeLike.ts';
import * as GatherElements from './GatherElements.ts';
import * as GatherND from './GatherND.ts';
import * as Hardmax from './Hardmax.ts';
import * as NonZero from './NonZero.ts';
import * as OneHot from './OneHot.ts';
import * as Scatter from './Scatter.ts';
import * as ScatterElements from './ScatterElements.ts';
import * as ScatterND from './ScatterND.ts';
import * as Size from './Size.ts';
import * as TopK from './TopK.ts';
import * as Trilu from './Trilu.ts';

before(async () => {
  await initEngine('wasm');
});

describe('Size and CastLike', () => {
  it('Size is the element count as an integer scalar', () => {
    const got = run1(Size.registrations, [tf.zeros([2, 3, 4])]);
    assert.deepEqual([got.shape, got.values, got.dtype], [[], [24], 'int32']);
  });

  it('CastLike takes the declared type of its second input (FLOAT16 rounds), else its engine dtype', () => {
    const x = tf.tensor1d([1.7, -2.2, 1.0001]);
    const node = {
      name: 'c',
      opType: 'CastLike',
      domain: '',
      inputs: ['x', 'like'],
      outputs: ['y'],
      attrs: {},
    };
    const ctx = (type?: string) => ({ node, opset: 15, constant: () => undefined, elemType: () => type });
    const impl = CastLike.registrations[0].impl;
    const [toInt] = impl.run([x, tf.tensor1d([0], 'int32')], ctx());
    assert.deepEqual([toInt.dtype, Array.from(toInt.dataSync())], ['int32', [1, -2, 1]]);
    const [half] = impl.run([x, tf.tensor1d([0])], ctx('FLOAT16'));
    // 1.0001 is 1 in float16 (spacing 2^-10 near 1)
    assertClose(half.dataSync(), [1.7001953125, -2.19921875, 1], 0);
    tf.dispose([x, toInt, half]);
  });
});

describe('gathers', () => {
  it('GatherElements picks data[.., indices[i, j], ..] along the axis, negative indices from the back', () => {
    const data = seq(12, 2);
    const idx = [0, 2, -1, 1, 0, 0];
    for (const axis of [0, 1]) {
      const shape = axis === 0 ? [2, 3] : [3, 2];
      const dataShape = axis === 0 ? [3, 3] : [3, 4];
      const d = data.slice(0, dataShape[0] * dataShape[1]);
      const got = run1(
        GatherElements.registrations,
        [tf.tensor(d, dataShape), tf.tensor(idx, shape, 'int32')],
        {
          attrs: { axis },
        },
      );
      const want = idx.map((v, k) => {
        const [i, j] = unravel(k, shape);
        const w = v < 0 ? v + dataShape[axis] : v;
        return axis === 0 ? d[w * dataShape[1] + j] : d[i * dataShape[1] + w];
      });
      assert.deepEqual(got.shape, shape);
      assertClose(got.values, want, 1e-6, `axis ${axis}`);
    }
  });

  it('GatherElements is differentiable in data (gradients sum over repeated picks)', () => {
    const data = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const idx = tf.tensor2d([0, 0, 1, 0], [2, 2], 'int32');
    const g = tf.grad((d: tf.Tensor) =>
      tf.sum(runOp(GatherElements.registrations, [d, idx], { attrs: { axis: 1 } })[0]),
    )(data);
    assert.deepEqual(Array.from(g.dataSync()), [2, 0, 1, 1]);
    tf.dispose([data, idx, g]);
  });

  it('GatherND gathers slices, with batch_dims', () => {
    const data = [0, 1, 2, 3, 4, 5, 6, 7];
    const got = run1(GatherND.registrations, [
      tf.tensor(data, [2, 2, 2]),
      tf.tensor(
        [
          [0, 1],
          [1, 0],
        ],
        [2, 2],
        'int32',
      ),
    ]);
    assert.deepEqual(
      [got.shape, got.values],
      [
        [2, 2],
        [2, 3, 4, 5],
      ],
    );
    const batched = run1(
      GatherND.registrations,
      [tf.tensor(data, [2, 2, 2]), tf.tensor([[1], [0]], [2, 1], 'int32')],
      {
        attrs: { batch_dims: 1 },
      },
    );
    assert.deepEqual(
      [batched.shape, batched.values],
      [
        [2, 2],
        [2, 3, 4, 5],
      ],
    );
    const negative = run1(GatherND.registrations, [
      tf.tensor(data, [2, 2, 2]),
      tf.tensor([[-1, -1, -2]], [1, 3], 'int32'),
    ]);
    assert.deepEqual(negative.values, [6]);
  });
});

describe('Trilu, Hardmax, OneHot, EyeLike, TopK', () => {
  it('Trilu keeps j - i >= k (upper) or <= k (lower), k from input 1', () => {
    const x = seq(2 * 3 * 4, 4);
    for (const [upper, k] of [
      [1, 0],
      [1, 1],
      [0, 0],
      [0, -1],
      [1, -5],
    ]) {
      const got = run1(Trilu.registrations, [tf.tensor(x, [2, 3, 4]), undefined], {
        attrs: { upper },
        constants: { 1: host('INT64', [], [k]) },
      });
      const want = x.map((v, n) => {
        const [, i, j] = unravel(n, [2, 3, 4]);
        return (upper ? j - i >= k : j - i <= k) ? v : 0;
      });
      assertClose(got.values, want, 1e-6, `upper ${upper}, k ${k}`);
    }
  });

  it('Hardmax marks the first maximum: opset 13 along the axis, opset 11 on 2-D rows', () => {
    const x = [1, 3, 3, 0, 5, 2, 2, 2];
    const along = run1(Hardmax.registrations, [tf.tensor(x, [2, 2, 2])], { attrs: { axis: 1 }, opset: 13 });
    assert.deepEqual(along.values, [0, 1, 1, 0, 1, 1, 0, 0]);
    const rows = run1(Hardmax.registrations, [tf.tensor(x, [2, 2, 2])], { attrs: { axis: 1 }, opset: 11 });
    assert.deepEqual(rows.values, [0, 1, 0, 0, 1, 0, 0, 0]);
  });

  it('OneHot places on/off values along the axis; negative indices from the back', () => {
    const got = run1(OneHot.registrations, [tf.tensor1d([0, 2, -1, 5], 'int32'), undefined, undefined], {
      constants: { 1: host('INT64', [], [3]), 2: host('FLOAT', [2], [-1, 7]) },
    });
    assert.deepEqual(
      [got.shape, got.values],
      [
        [4, 3],
        [7, -1, -1, -1, -1, 7, -1, -1, 7, -1, -1, -1],
      ],
    );
    const axis0 = run1(OneHot.registrations, [tf.tensor1d([1, 0], 'int32'), undefined, undefined], {
      attrs: { axis: 0 },
      constants: { 1: host('INT64', [], [2]), 2: host('FLOAT', [2], [0, 1]) },
    });
    assert.deepEqual(
      [axis0.shape, axis0.values],
      [
        [2, 2],
        [0, 1, 1, 0],
      ],
    );
  });

  it('EyeLike puts ones on diagonal k', () => {
    const got = run1(EyeLike.registrations, [tf.zeros([3, 4])], { attrs: { k: 1 } });
    assert.deepEqual(got.values, [0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    const ints = run1(EyeLike.registrations, [tf.zeros([2, 2])], { attrs: { dtype: 6 } });
    assert.deepEqual([ints.dtype, ints.values], ['int32', [1, 0, 0, 1]]);
  });

  it('TopK returns the K largest or smallest values and their indices along the axis', () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6];
    const [v, i] = runOp(TopK.registrations, [tf.tensor(x, [2, 4]), undefined], {
      constants: { 1: host('INT64', [1], [2]) },
      outputs: 2,
    });
    assert.deepEqual(
      [Array.from(v.dataSync()), Array.from(i.dataSync())],
      [
        [4, 3, 9, 6],
        [2, 0, 1, 3],
      ],
    );
    const [s, si] = runOp(TopK.registrations, [tf.tensor(x, [2, 4]), undefined], {
      attrs: { axis: 0, largest: 0 },
      constants: { 1: host('INT64', [1], [1]) },
      outputs: 2,
    });
    assert.deepEqual(
      [Array.from(s.dataSync()), Array.from(si.dataSync())],
      [
        [3, 1, 2, 1],
        [0, 0, 1, 0],
      ],
    );
    tf.dispose([v, i, s, si]);
  });
});

describe('scatters, NonZero, Compress', () => {
  it('ScatterND replaces (or adds) slices at index tuples', () => {
    const data = [1, 2, 3, 4, 5, 6, 7, 8];
    const idx = tf.tensor2d([[3], [-4]], [2, 1], 'int32');
    const none = run1(ScatterND.registrations, [tf.tensor1d(data), idx, tf.tensor1d([9, 10])]);
    assert.deepEqual(none.values, [1, 2, 3, 9, 10, 6, 7, 8]);
    const add = run1(ScatterND.registrations, [tf.tensor1d(data), idx, tf.tensor1d([9, 10])], {
      attrs: { reduction: 'add' },
    });
    assert.deepEqual(add.values, [1, 2, 3, 13, 15, 6, 7, 8]);
    const rows = run1(ScatterND.registrations, [
      tf.tensor(data, [2, 2, 2]),
      tf.tensor2d([[1, 0]], [1, 2], 'int32'),
      tf.tensor2d([[-1, -2]]),
    ]);
    assert.deepEqual(rows.values, [1, 2, 3, 4, -1, -2, 7, 8]);
    idx.dispose();
  });

  it('ScatterElements (and Scatter) write updates[i, j] at data[indices[i, j], j] along the axis', () => {
    const data = tf.zeros([3, 3]);
    const idx = tf.tensor2d([1, 0, 2, 0, 2, 1], [2, 3], 'int32');
    const upd = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const want = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    [1, 0, 2, 0, 2, 1].forEach((r, k) => {
      want[r * 3 + (k % 3)] = k + 1;
    });
    assert.deepEqual(run1(ScatterElements.registrations, [data, idx, upd]).values, want);
    assert.deepEqual(run1(Scatter.registrations, [data, idx, upd], { opset: 10 }).values, want);
    const cols = run1(
      ScatterElements.registrations,
      [data, tf.tensor2d([[-1]], [1, 1], 'int32'), tf.tensor2d([[7]])],
      {
        attrs: { axis: 1 },
      },
    );
    assert.deepEqual(cols.values, [0, 0, 7, 0, 0, 0, 0, 0, 0]);
    tf.dispose([data, idx, upd]);
  });

  it('scatters are differentiable in data and updates', () => {
    const idx = tf.tensor2d([[1], [3]], [2, 1], 'int32');
    const f = (d: tf.Tensor, u: tf.Tensor) => runOp(ScatterND.registrations, [d, idx, u])[0];
    const r = tf.tensor1d([1, 2, 3, 4, 5]);
    const [gd, gu] = tf.grads((d: tf.Tensor, u: tf.Tensor) => tf.sum(tf.mul(f(d, u), r)))([
      tf.zeros([5]),
      tf.ones([2]),
    ]);
    assert.deepEqual(
      [Array.from(gd.dataSync()), Array.from(gu.dataSync())],
      [
        [1, 0, 3, 0, 5],
        [2, 4],
      ],
    );
    tf.dispose([idx, r, gd, gu]);
  });

  it('NonZero lists the indices of non-zero entries per dim; Compress keeps the slices a condition selects', () => {
    const nz = run1(NonZero.registrations, [tf.tensor2d([1, 0, 0, 2, 3, 0], [2, 3])]);
    assert.deepEqual(
      [nz.shape, nz.values],
      [
        [2, 3],
        [0, 1, 1, 0, 0, 1],
      ],
    );
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const rows = run1(Compress.registrations, [x, tf.tensor1d([false, true, true], 'bool')], {
      attrs: { axis: 0 },
    });
    assert.deepEqual(
      [rows.shape, rows.values],
      [
        [2, 2],
        [3, 4, 5, 6],
      ],
    );
    const flat = run1(Compress.registrations, [x, undefined], {
      constants: { 1: host('BOOL', [4], [0, 1, 0, 1]) },
    });
    assert.deepEqual([flat.shape, flat.values], [[2], [2, 4]]);
    x.dispose();
  });
});
