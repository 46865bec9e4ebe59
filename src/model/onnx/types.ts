/**
 * The contract between the ONNX importer (parse.ts, graph.ts, model.ts) and the op
 * implementations (ops/<OpType>.ts). An op turns TF.js tensors into TF.js tensors with
 * ordinary (differentiable) tf ops, so tf.grad flows through a whole ONNX graph.
 *
 * Element types on the engine: ONNX float/double/float16 -> 'float32'; int8..int64, uint8..
 * uint32 -> 'int32' (int64 values outside int32 are an import error where they reach a
 * tensor; shape-like int64 constants stay exact on the host as `HostTensor`); bool -> 'bool'.
 *
 * Extensions made by the importer (compatible: nothing an op relied on changes):
 * - int64 constants that reach a tensor saturate to the int32 range instead of failing the
 *   import: the values beyond it in real files are "to the end" sentinels (Slice's
 *   INT64_MAX), which keep their meaning saturated; `OpContext.constant` still has them exact.
 * - int64 attributes beyond ±(2^53−1) are clamped there instead of rejected, for the same
 *   sentinels in attributes (Slice-1's ends).
 * - `OpImpl.unsupported` (optional) lets an op refuse a configuration up front, so that the
 *   single unsupported-ops error before any compute lists it too.
 * - Constants folded at import (a node whose inputs are all constants) are HostTensors with
 *   dataType 'FLOAT', 'INT32' (exact: Int32Array) or 'BOOL': the engine's types.
 */
import type { Tensor } from '../../engine/tf.ts';
import { GlassboxError } from '../../messages.ts';

/** A constant known at import time (initializer, Constant node, attribute tensor), on the host. */
export interface HostTensor {
  /** the ONNX element type name, e.g. 'FLOAT', 'INT64', 'BOOL' */
  dataType: string;
  shape: number[];
  /** float32 view of the values (what the engine gets for float types) */
  values: Float32Array;
  /** exact values for integer and double types (int64 as bigint) */
  exact?: Float64Array | BigInt64Array | BigUint64Array | Int32Array;
}

/** An attribute value, decoded: ints as number (int64 beyond 2^53 rejected at import). */
export type AttrValue =
  | number
  | string
  | number[]
  | string[]
  | HostTensor
  | HostTensor[]
  | OnnxGraph
  | OnnxGraph[];

export interface OnnxNode {
  /** the node's name, or `<opType>_<index>` when the file has none (unique within the graph) */
  name: string;
  opType: string;
  /** '' for the default ai.onnx domain */
  domain: string;
  /** value names; '' marks an omitted optional input */
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
}

export interface ValueInfo {
  name: string;
  /** ONNX element type name, e.g. 'FLOAT' */
  dataType: string;
  /** dims: a number, or a string for a symbolic dimension ('batch'), or null when unknown */
  shape: (number | string | null)[] | null;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  /** the graph inputs that are not initializers */
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  initializers: Map<string, HostTensor>;
  /** value_info of intermediate values, when the file has it */
  valueInfo: Map<string, ValueInfo>;
}

export interface OpContext {
  node: OnnxNode;
  /** the opset version imported for the node's domain */
  opset: number;
  /**
   * The host value of input i when it is a constant known at import (initializer, Constant
   * node output, or folded constant); undefined when it is computed at run time. Ops whose
   * inputs are shape-like (Reshape's shape, Slice's starts, Pad's pads, Resize's scales …)
   * read them here first and fall back to `await`-free `dataSync()` on the tensor.
   */
  constant(i: number): HostTensor | undefined;
  /**
   * Optional: the ONNX element type name of input i ('FLOAT16', 'INT64' …) where the file
   * tells it (a constant's type, a graph input's or value_info's declaration); undefined
   * when it does not (the engine dtype is then all an op knows). CastLike needs it.
   */
  elemType?(i: number): string | undefined;
  /** runs a subgraph (If/Loop/Scan bodies) with the given outer values; optional for ops */
  runGraph?(g: OnnxGraph, inputs: Map<string, Tensor>): Map<string, Tensor>;
  /**
   * Optional (an executor may leave it out; ops then call `make` every run): returns
   * `make()` computed once per model, kept and owned (disposed) by the executor, when every
   * input listed in `inputs` is an import-time constant; otherwise `make()` afresh. For
   * tensors derived only from those inputs, e.g. a convolution filter transposed to the
   * engine's layout (a 512x512x3x3 transpose costs about as much as the conv at 7x7).
   * `key` tells apart several memos of one node.
   */
  memo?(key: string, inputs: number[], make: () => Tensor): Tensor;
}

export interface OpImpl {
  /**
   * Computes the node's outputs (one tensor per output name; optional outputs that are not
   * used may be omitted at the end). `inputs[i]` is undefined for an omitted optional input.
   * Must only use tf ops (no host round trip of float data) so gradients flow.
   */
  run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[];
  /**
   * Optional: why this node cannot run as configured (an attribute value, training mode, an
   * optional output not implemented), or undefined when it can. The importer asks before any
   * compute and lists such nodes with the unsupported ops (a conformance case is skipped).
   */
  unsupported?(node: OnnxNode, opset: number): string | undefined;
}

export interface OpRegistration {
  opType: string;
  /** '' for ai.onnx */
  domain: string;
  /** the first opset version this implementation follows */
  since: number;
  /** the last opset version it follows (inclusive); undefined: up to the newest */
  until?: number;
  impl: OpImpl;
}

/** Thrown for anything the importer cannot handle; its message names file, node and op. */
export class OnnxImportError extends GlassboxError {
  override name = 'OnnxImportError';
}
