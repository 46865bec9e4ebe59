/** Attribute and input readers shared by the op implementations; errors name the node. */
import type { Tensor } from '../../../../engine/tf.ts';
import { type AttrValue, type HostTensor, OnnxImportError, type OnnxNode } from '../../types.ts';

/** Throws an OnnxImportError that names the node and its op. */
export function fail(node: OnnxNode, what: string): never {
  throw new OnnxImportError(`${node.opType} node '${node.name}': ${what}`);
}

function attr(node: OnnxNode, name: string): AttrValue | undefined {
  return node.attrs[name];
}

export function attrNum(node: OnnxNode, name: string, dflt: number): number {
  const v = attr(node, name);
  if (v === undefined) return dflt;
  if (typeof v !== 'number') fail(node, `attribute '${name}' must be a number`);
  return v;
}

export function attrInts(node: OnnxNode, name: string): number[] | undefined {
  const v = attr(node, name);
  if (v === undefined) return undefined;
  if (typeof v === 'number') return [v];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number')) {
    fail(node, `attribute '${name}' must be a list of integers`);
  }
  return v as number[];
}

export function attrString(node: OnnxNode, name: string, dflt: string): string {
  const v = attr(node, name);
  if (v === undefined) return dflt;
  if (typeof v !== 'string') fail(node, `attribute '${name}' must be a string`);
  return v;
}

export function attrTensor(node: OnnxNode, name: string): HostTensor | undefined {
  const v = attr(node, name);
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || !('dataType' in v)) {
    fail(node, `attribute '${name}' must be a tensor`);
  }
  return v;
}

/** Input i, which the op needs. */
export function need(inputs: (Tensor | undefined)[], i: number, node: OnnxNode): Tensor {
  const t = inputs[i];
  if (!t) fail(node, `input ${i} ('${node.inputs[i] ?? ''}') is missing`);
  return t;
}

/** A non-negative axis for a tensor of the given rank, validated against [-rank, rank). */
export function normAxis(axis: number, rank: number, node: OnnxNode): number {
  if (axis < -rank || axis >= rank) fail(node, `axis ${axis} is out of range for rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}
