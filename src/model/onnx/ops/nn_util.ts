/**
 * Helpers shared by the neural-network ops (Conv, pooling, normalization, Pad, Resize,
 * recurrent): attribute access with ONNX defaults, errors that name the node, host reads of
 * shape-like inputs, and the NCHW <-> NHWC transposes around TF.js's channels-last kernels.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import { OnnxImportError, type OpContext } from '../types.ts';

/** An error naming the node and its op, e.g. `Conv node 'conv1': ...`. */
export function opError(ctx: OpContext, what: string): OnnxImportError {
  return new OnnxImportError(`${ctx.node.opType} node '${ctx.node.name}': ${what}`);
}

/** An int or float attribute, `def` when absent. */
export function attrNum(ctx: OpContext, name: string, def: number): number {
  const v = ctx.node.attrs[name];
  if (v === undefined) return def;
  if (typeof v !== 'number') throw opError(ctx, `attribute '${name}' must be a number`);
  return v;
}

export function attrInts(ctx: OpContext, name: string): number[] | undefined {
  const v = ctx.node.attrs[name];
  if (v === undefined) return undefined;
  if (typeof v === 'number') return [v];
  if (!Array.isArray(v) || v.some((e) => typeof e !== 'number')) {
    throw opError(ctx, `attribute '${name}' must be a list of numbers`);
  }
  return v as number[];
}

export function attrString(ctx: OpContext, name: string, def: string): string {
  const v = ctx.node.attrs[name];
  if (v === undefined) return def;
  if (typeof v !== 'string') throw opError(ctx, `attribute '${name}' must be a string`);
  return v;
}

export function attrStrings(ctx: OpContext, name: string): string[] | undefined {
  const v = ctx.node.attrs[name];
  if (v === undefined) return undefined;
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || v.some((e) => typeof e !== 'string')) {
    throw opError(ctx, `attribute '${name}' must be a list of strings`);
  }
  return v as string[];
}

/** The input, or a clear error when a required input is missing. */
export function need(inputs: (Tensor | undefined)[], i: number, ctx: OpContext, what: string): Tensor {
  const t = inputs[i];
  if (t === undefined) throw opError(ctx, `input ${i} (${what}) is required`);
  return t;
}

/**
 * The values of a shape-like input (pads, scales, sizes, axes, sequence_lens) on the host:
 * the import-time constant when there is one, else the tensor's data. Undefined when the
 * input is omitted or empty (ONNX marks an absent optional input by an empty tensor too).
 */
export function hostValues(inputs: (Tensor | undefined)[], i: number, ctx: OpContext): number[] | undefined {
  const c = ctx.constant(i);
  if (c !== undefined) {
    const src = c.exact ?? c.values;
    return Array.from(src as ArrayLike<number | bigint>, (v) => Number(v));
  }
  const t = inputs[i];
  if (t === undefined || t.size === 0) return undefined;
  return Array.from(t.dataSync() as ArrayLike<number>);
}

/** A scalar input's host value (Pad's constant_value), or `def` when omitted. */
export function hostScalar(inputs: (Tensor | undefined)[], i: number, ctx: OpContext, def: number): number {
  const v = hostValues(inputs, i, ctx);
  return v === undefined || v.length === 0 ? def : v[0];
}

/** `make()`, computed once per model by the executor when the listed inputs are constants. */
export function memoized(ctx: OpContext, key: string, inputs: number[], make: () => Tensor): Tensor {
  return ctx.memo ? ctx.memo(key, inputs, make) : make();
}

/** [N, C, ...S] -> [N, ...S, C] */
export function toChannelsLast(x: Tensor): Tensor {
  const r = x.rank;
  return tf.transpose(x, [0, ...Array.from({ length: r - 2 }, (_, i) => i + 2), 1]);
}

/** [N, ...S, C] -> [N, C, ...S] */
export function toChannelsFirst(x: Tensor): Tensor {
  const r = x.rank;
  return tf.transpose(x, [0, r - 1, ...Array.from({ length: r - 2 }, (_, i) => i + 1)]);
}

/** A per-channel vector [C] shaped to broadcast against [N, C, ...S] of rank `rank`. */
export function channelVector(v: Tensor, rank: number): Tensor {
  return tf.reshape(v, [1, -1, ...new Array(Math.max(0, rank - 2)).fill(1)]);
}

/** Normalizes a possibly negative axis against `rank`. */
export function normAxis(axis: number, rank: number, ctx: OpContext): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw opError(ctx, `axis ${axis} is out of range for rank ${rank}`);
  return a;
}
