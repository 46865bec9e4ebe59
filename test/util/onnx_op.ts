/** Running one ONNX op implementation in a test: a fake node and context, and checks. */
import assert from 'node:assert/strict';
import { type Tensor, tf } from '../../src/engine/tf.ts';
import type { AttrValue, HostTensor, OpImpl, OpRegistration } from '../../src/model/onnx/types.ts';

export interface RunOptions {
  attrs?: Record<string, AttrValue>;
  /** the opset the node is imported with (default 21) */
  opset?: number;
  /** import-time constants by input index */
  constants?: Record<number, HostTensor>;
  /** number of node outputs (default 1) */
  outputs?: number;
}

export function implFor(regs: OpRegistration[], opset: number): OpImpl {
  const r = regs.find((g) => g.since <= opset && (g.until === undefined || opset <= g.until));
  if (!r) throw new Error(`no registration of ${regs[0]?.opType} for opset ${opset}`);
  return r.impl;
}

export function runOp(regs: OpRegistration[], inputs: (Tensor | undefined)[], o: RunOptions = {}): Tensor[] {
  const opset = o.opset ?? 21;
  const opType = regs[0].opType;
  const node = {
    name: `${opType}_test`,
    opType,
    domain: '',
    inputs: inputs.map((t, i) => (t || o.constants?.[i] ? `in${i}` : '')),
    outputs: Array.from({ length: o.outputs ?? 1 }, (_, i) => `out${i}`),
    attrs: o.attrs ?? {},
  };
  const ctx = { node, opset, constant: (i: number) => o.constants?.[i] };
  return implFor(regs, opset).run(inputs, ctx);
}

/** One output of runOp, as [shape, values, dtype], with the tensors disposed. */
export function run1(
  regs: OpRegistration[],
  inputs: (Tensor | undefined)[],
  o: RunOptions = {},
): { shape: number[]; values: number[]; dtype: string } {
  return tf.tidy(() => {
    const [y] = runOp(regs, inputs, o);
    return { shape: y.shape, values: Array.from(y.dataSync() as ArrayLike<number>), dtype: y.dtype };
  });
}

/** A host constant; integer types get exact int64 values. */
export function host(dataType: string, shape: number[], values: number[]): HostTensor {
  const h: HostTensor = { dataType, shape, values: Float32Array.from(values) };
  if (dataType === 'INT64') h.exact = BigInt64Array.from(values, (v) => BigInt(v));
  else if (dataType.includes('INT')) h.exact = Int32Array.from(values);
  return h;
}

export function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-5, what = ''): void {
  assert.equal(got.length, want.length, `${what} length`);
  for (let i = 0; i < want.length; i++) {
    const ok =
      (Number.isNaN(want[i]) && Number.isNaN(got[i])) ||
      got[i] === want[i] ||
      Math.abs(got[i] - want[i]) <= tol * Math.max(1, Math.abs(want[i]));
    assert.ok(ok, `${what}[${i}]: got ${got[i]}, want ${want[i]}`);
  }
}

/**
 * Asserts that fn leaves no tensor behind: inside tf.tidy (outputs disposed) the count is
 * unchanged, and outside it only the outputs are new (no intermediate escapes).
 */
export function assertNoLeak(fn: () => Tensor[], what = ''): void {
  const before = tf.memory().numTensors;
  tf.dispose(tf.tidy(() => fn()));
  assert.equal(tf.memory().numTensors, before, `${what}: tensors leaked under tidy`);
  const out = fn();
  assert.equal(tf.memory().numTensors, before + new Set(out).size, `${what}: intermediates leaked`);
  tf.dispose(out);
  assert.equal(tf.memory().numTensors, before, `${what}: outputs not disposable`);
}

/** Deterministic test values in (-scale, scale), rounded to 1e-3 (no Math.random). */
export function seq(n: number, seed = 1, scale = 2): number[] {
  return Array.from(
    { length: n },
    (_, i) => Math.round(Math.sin(i * 2.3 + seed * 1.7) * scale * 1000) / 1000,
  );
}

/** Row-major strides of a shape. */
export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1] * shape[i + 1];
  return s;
}

/** The multi-index of flat index k in a shape. */
export function unravel(k: number, shape: readonly number[]): number[] {
  const st = strides(shape);
  return shape.map((_, i) => Math.floor(k / st[i]) % shape[i]);
}

/** numpy broadcasting: the value of `values` (of `shape`) at an output index. */
export function at(values: ArrayLike<number>, shape: readonly number[], outIdx: readonly number[]): number {
  const st = strides(shape);
  const off = outIdx.length - shape.length;
  let k = 0;
  for (let i = 0; i < shape.length; i++) k += (shape[i] === 1 ? 0 : outIdx[off + i]) * st[i];
  return values[k];
}
