/** MatMul, Gemm and Einsum against brute-force sums of products on the host. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertClose, at, run1, runOp, seq, strides, unravel } from '../../../../test/util/onnx_op.ts';
import { initEngine } from '../../../engine/backend.ts';
import { tf } from '../../../engine/tf.ts';
import { OnnxImportError } from '../types.ts';
import * as Einsum from './Einsum.ts';
import * as Gemm from './Gemm.ts';
import * as MatMul from './MatMul.ts';

const f32 = (v: number[]) => v.map(Math.fround);

/** numpy.matmul by loops: 1-D promotion and batch broadcasting. */
function matmulRef(
  a: number[],
  as: number[],
  b: number[],
  bs: number[],
): { shape: number[]; values: number[] } {
  const A = as.length === 1 ? [1, as[0]] : as;
  const B = bs.length === 1 ? [bs[0], 1] : bs;
  const [m, k, n] = [A[A.length - 2], A[A.length - 1], B[B.length - 1]];
  const ab = A.slice(0, -2);
  const bb = B.slice(0, -2);
  const rank = Math.max(ab.length, bb.length);
  const batch = Array.from({ length: rank }, (_, i) =>
    Math.max(ab[ab.length - rank + i] ?? 1, bb[bb.length - rank + i] ?? 1),
  );
  const full = [...batch, m, n];
  const values = Array.from({ length: full.reduce((x, y) => x * y, 1) }, (_, o) => {
    const idx = unravel(o, full);
    const bi = idx.slice(0, rank);
    let s = 0;
    for (let j = 0; j < k; j++) {
      s += at(a, A, [...bi, idx[rank], j]) * at(b, B, [...bi, j, idx[rank + 1]]);
    }
    return s;
  });
  let shape = full;
  if (bs.length === 1) shape = shape.slice(0, -1);
  if (as.length === 1)
    shape = [...shape.slice(0, shape.length - (bs.length === 1 ? 1 : 2)), ...(bs.length === 1 ? [] : [n])];
  return { shape, values };
}

/** einsum by enumerating every assignment of the labels (no ellipsis). */
function einsumRef(eq: string, xs: { v: number[]; s: number[] }[]): { shape: number[]; values: number[] } {
  const [lhs, rhs] = eq.split('->');
  const terms = lhs.split(',');
  const size = new Map<string, number>();
  terms.forEach((t, i) => {
    for (const [j, l] of [...t].entries()) size.set(l, xs[i].s[j]);
  });
  const labels = [...size.keys()];
  const dims = labels.map((l) => size.get(l)!);
  const outShape = [...rhs].map((l) => size.get(l)!);
  const out = new Array<number>(outShape.reduce((a, b) => a * b, 1)).fill(0);
  const ost = strides(outShape);
  const total = dims.reduce((a, b) => a * b, 1);
  for (let k = 0; k < total; k++) {
    const idx = unravel(k, dims);
    const val = (l: string) => idx[labels.indexOf(l)];
    let p = 1;
    terms.forEach((t, i) => {
      const st = strides(xs[i].s);
      p *= xs[i].v[[...t].reduce((s, l, j) => s + val(l) * st[j], 0)];
    });
    out[[...rhs].reduce((s, l, j) => s + val(l) * ost[j], 0)] += p;
  }
  return { shape: outShape, values: out };
}

before(async () => {
  await initEngine('wasm');
});

describe('MatMul', () => {
  const cases: [number[], number[]][] = [
    [
      [3, 4],
      [4, 5],
    ],
    [[4], [4, 5]],
    [[3, 4], [4]],
    [[4], [4]],
    [
      [2, 3, 4],
      [4, 5],
    ],
    [
      [2, 1, 3, 4],
      [3, 4, 2],
    ],
    [[5], [2, 5, 3]],
    [[2, 3, 5], [5]],
  ];
  it('follows numpy.matmul (1-D promotion, broadcast batches)', () => {
    for (const [as, bs] of cases) {
      const a = f32(
        seq(
          as.reduce((x, y) => x * y, 1),
          1,
        ),
      );
      const b = f32(
        seq(
          bs.reduce((x, y) => x * y, 1),
          2,
        ),
      );
      const got = run1(MatMul.registrations, [tf.tensor(a, as), tf.tensor(b, bs)]);
      const want = matmulRef(a, as, b, bs);
      assert.deepEqual(got.shape, want.shape, `${as} x ${bs}`);
      assertClose(got.values, want.values, 1e-5, `${as} x ${bs}`);
    }
  });
  it('multiplies integers exactly', () => {
    const got = run1(MatMul.registrations, [
      tf.tensor([1, 2, 3, 4], [2, 2], 'int32'),
      tf.tensor([5, 6], [2], 'int32'),
    ]);
    assert.deepEqual(got, { shape: [2], values: [17, 39], dtype: 'int32' });
  });
});

describe('Gemm', () => {
  const a = f32(seq(12, 3));
  const b = f32(seq(20, 4));
  const c = f32(seq(15, 5));
  const ref = (ta: boolean, tb: boolean, alpha: number, beta: number, cShape: number[] | null) => {
    const A = (i: number, k: number) => (ta ? a[k * 3 + i] : a[i * 4 + k]);
    const B = (k: number, j: number) => (tb ? b[j * 4 + k] : b[k * 5 + j]);
    return Array.from({ length: 15 }, (_, o) => {
      const [i, j] = [Math.floor(o / 5), o % 5];
      let s = 0;
      for (let k = 0; k < 4; k++) s += A(i, k) * B(k, j);
      return alpha * s + (cShape ? beta * at(c, cShape, [i, j]) : 0);
    });
  };
  it("computes alpha A'B' + beta C for every transpose and bias form", () => {
    for (const [ta, tb] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ]) {
      const A = tf.tensor(a, ta ? [4, 3] : [3, 4]);
      const B = tf.tensor(b, tb ? [5, 4] : [4, 5]);
      for (const cShape of [[5], [1, 5], [3, 1], [3, 5], null]) {
        const C = cShape
          ? tf.tensor(
              c.slice(
                0,
                cShape.reduce((x, y) => x * y, 1),
              ),
              cShape,
            )
          : undefined;
        const attrs = { transA: ta, transB: tb, alpha: 0.5, beta: 2 };
        const got = run1(Gemm.registrations, [A, B, C], { attrs });
        assert.deepEqual(got.shape, [3, 5]);
        assertClose(got.values, ref(!!ta, !!tb, 0.5, 2, cShape), 1e-5, `${ta}${tb} ${cShape}`);
      }
    }
  });
  it('needs C before opset 11', () => {
    assert.throws(
      () => runOp(Gemm.registrations, [tf.zeros([2, 2]), tf.zeros([2, 2])], { opset: 9 }),
      OnnxImportError,
    );
  });
});

describe('Einsum', () => {
  const cases: [string, number[][]][] = [
    [
      'ij,jk->ik',
      [
        [3, 4],
        [4, 2],
      ],
    ],
    [
      'bij,bjk->bik',
      [
        [2, 3, 4],
        [2, 4, 5],
      ],
    ],
    ['ij->ji', [[3, 4]]],
    ['ij->', [[3, 4]]],
    ['i,i->', [[5], [5]]],
    ['i,j->ij', [[3], [4]]],
    ['ii->i', [[3, 3]]],
    ['bii->bi', [[2, 3, 3]]],
    [
      'bhqd,bhkd->bhqk',
      [
        [2, 2, 3, 4],
        [2, 2, 5, 4],
      ],
    ],
    [
      'ijk,jil->kl',
      [
        [2, 3, 4],
        [3, 2, 5],
      ],
    ],
    [
      'ij,jk,kl->il',
      [
        [2, 3],
        [3, 4],
        [4, 2],
      ],
    ],
    [
      'iij,jk->ik',
      [
        [3, 3, 2],
        [2, 4],
      ],
    ],
    [
      'ab,cd->',
      [
        [2, 3],
        [4, 2],
      ],
    ],
  ];
  it('matches brute-force sums of products', () => {
    for (const [eq, shapes] of cases) {
      const xs = shapes.map((s, i) => ({
        v: f32(
          seq(
            s.reduce((a, b) => a * b, 1),
            i + 2,
          ),
        ),
        s,
      }));
      const got = run1(
        Einsum.registrations,
        xs.map((x) => tf.tensor(x.v, x.s)),
        { attrs: { equation: eq } },
      );
      const want = einsumRef(eq, xs);
      assert.deepEqual(got.shape, want.shape, eq);
      assertClose(got.values, want.values, 1e-5, eq);
    }
  });
  it('expands ellipses (broadcast) and implicit outputs', () => {
    const a = f32(seq(2 * 3 * 4, 1));
    const b = f32(seq(4 * 5, 2));
    const got = run1(Einsum.registrations, [tf.tensor(a, [2, 3, 4]), tf.tensor(b, [4, 5])], {
      attrs: { equation: '...ij, jk -> ...ik' },
    });
    const want = einsumRef('bij,jk->bik', [
      { v: a, s: [2, 3, 4] },
      { v: b, s: [4, 5] },
    ]);
    assert.deepEqual(got.shape, want.shape);
    assertClose(got.values, want.values);
    const diag = run1(Einsum.registrations, [tf.tensor(f32(seq(18, 3)), [2, 3, 3])], {
      attrs: { equation: '...ii ->...i' },
    });
    assertClose(diag.values, einsumRef('bii->bi', [{ v: f32(seq(18, 3)), s: [2, 3, 3] }]).values);
    const implicit = run1(Einsum.registrations, [tf.tensor(b, [4, 5]), tf.tensor(f32(seq(5, 4)), [5])], {
      attrs: { equation: 'ij,j' },
    });
    assertClose(
      implicit.values,
      einsumRef('ij,j->i', [
        { v: b, s: [4, 5] },
        { v: f32(seq(5, 4)), s: [5] },
      ]).values,
    );
    const sorted = run1(Einsum.registrations, [tf.zeros([2, 3])], { attrs: { equation: 'ba' } });
    assert.deepEqual(sorted.shape, [3, 2]);
    const bcast = run1(Einsum.registrations, [tf.ones([1, 3, 4]), tf.ones([2, 4, 5])], {
      attrs: { equation: '...ij,...jk' },
    });
    assert.deepEqual(bcast.shape, [2, 3, 5]);
    assertClose(bcast.values, new Array(30).fill(4));
  });
  it('rejects malformed equations', () => {
    const e = (eq: string) => () =>
      runOp(Einsum.registrations, [tf.zeros([2, 2])], { attrs: { equation: eq } });
    assert.throws(e('ij,jk->ik'), OnnxImportError);
    assert.throws(e('ijk->i'), OnnxImportError);
    assert.throws(e('ij->k'), OnnxImportError);
    assert.throws(e('i1->i'), OnnxImportError);
  });
});
