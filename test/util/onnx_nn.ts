/**
 * Test helpers for ONNX op implementations: a minimal OpContext, running a registration
 * list at an opset, seeded host arrays, and the gradient-vs-finite-difference check.
 */
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/rng.ts';
import { type Tensor, tf } from '../../src/engine/tf.ts';
import type { AttrValue, HostTensor, OpContext, OpRegistration } from '../../src/model/onnx/types.ts';
import { finiteDiff, maxAbs, maxAbsDiff } from './numeric.ts';

export interface RunOpts {
  opset?: number;
  /** import-time constants by input index (host values) */
  constants?: Record<number, number[]>;
  /** number of node outputs (default 1) */
  outputs?: number;
  /** when given, ctx.memo keeps what ops memoize here (as an executor would, every input constant) */
  memo?: Map<string, Tensor>;
}

export function makeCtx(opType: string, attrs: Record<string, AttrValue>, o: RunOpts = {}): OpContext {
  const nOut = o.outputs ?? 1;
  return {
    node: {
      name: `${opType}_test`,
      opType,
      domain: '',
      inputs: [],
      outputs: Array.from({ length: nOut }, (_, i) => `out${i}`),
      attrs,
    },
    opset: o.opset ?? 17,
    memo: o.memo
      ? (key: string, _inputs: number[], make: () => Tensor) => {
          const memo = o.memo as Map<string, Tensor>;
          let t = memo.get(key);
          if (!t) {
            t = tf.keep(make());
            memo.set(key, t);
          }
          return t;
        }
      : undefined,
    constant(i: number): HostTensor | undefined {
      const v = o.constants?.[i];
      if (v === undefined) return undefined;
      return { dataType: 'INT64', shape: [v.length], values: Float32Array.from(v) };
    },
  };
}

/** Runs the registration of `regs` that covers the opset. */
export function runOp(
  regs: OpRegistration[],
  inputs: (Tensor | undefined)[],
  attrs: Record<string, AttrValue> = {},
  o: RunOpts = {},
): Tensor[] {
  const opset = o.opset ?? 17;
  const reg = regs.find((r) => r.since <= opset && (r.until === undefined || opset <= r.until));
  if (!reg) throw new Error(`no registration for opset ${opset}`);
  return reg.impl.run(inputs, makeCtx(reg.opType, attrs, o));
}

/** n seeded normal values */
export function normals(n: number, seed: number, scale = 1): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.normal() * scale);
}

export const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** a seeded normal tensor */
export function randn(shape: number[], seed: number, scale = 1): Tensor {
  return tf.tensor(normals(size(shape), seed, scale), shape);
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-4, what = '') {
  assert.equal(actual.length, expected.length, `${what} length`);
  const d = maxAbsDiff(actual, expected);
  assert.ok(d <= tol * Math.max(1, maxAbs(expected)), `${what} max diff ${d}`);
}

/**
 * tf.grad of sum(f(x) * r) (a fixed random weighting of the outputs) against central
 * finite differences, and no tensor leaked.
 */
export function checkGrad(f: (x: Tensor) => Tensor, x: Tensor, seed = 99, tol = 2e-2, eps = 1e-2): void {
  const r = tf.tidy(() => randn(f(x).shape, seed));
  const loss = (xx: Tensor) => tf.sum(tf.mul(f(xx), r)) as tf.Scalar;
  const before = tf.memory().numTensors;
  const g = tf.grad(loss)(x);
  const gv = g.dataSync().slice();
  g.dispose();
  assert.equal(tf.memory().numTensors, before, 'tensors leaked by the gradient');
  const fd = finiteDiff(loss, x, eps);
  const d = maxAbsDiff(gv, fd);
  assert.ok(d <= tol * Math.max(1, maxAbs(fd)), `gradient differs from finite differences by ${d}`);
  r.dispose();
}

/** f inside tf.tidy leaves the tensor count unchanged */
export function checkNoLeak(f: () => Tensor[]): void {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    f();
  });
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
}
