/** AttributeProto -> AttrValue: the value its `type` names (or, in old files without one, the field that is set). */
import {
  AttributeProto_AttributeType as A,
  type AttributeProto,
  type GraphProto,
} from '../../data/proto/onnx_model_pb.ts';
import type { AttrValue, HostTensor, OnnxGraph } from './types.ts';

export interface AttrDecoders {
  tensor: (t: NonNullable<AttributeProto['t']>, what: string) => HostTensor;
  graph: (g: GraphProto) => OnnxGraph;
  /** throws the importer's error for an attribute it cannot decode */
  fail: (why: string) => never;
}

const text = new TextDecoder();

/** An int64 as a number: beyond ±(2^53−1) it is clamped there (INT64_MAX "to the end" sentinels). */
export function int(v: bigint): number {
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  return Number(v > max ? max : v < -max ? -max : v);
}

function typeOf(a: AttributeProto): A {
  if (a.type !== A.UNDEFINED) return a.type;
  if (a.f !== undefined) return A.FLOAT;
  if (a.i !== undefined) return A.INT;
  if (a.s !== undefined) return A.STRING;
  if (a.t) return A.TENSOR;
  if (a.g) return A.GRAPH;
  if (a.floats.length) return A.FLOATS;
  if (a.strings.length) return A.STRINGS;
  if (a.tensors.length) return A.TENSORS;
  if (a.graphs.length) return A.GRAPHS;
  return A.INTS;
}

/** The decoded value of an attribute; `what` names it in errors. */
export function decodeAttr(a: AttributeProto, d: AttrDecoders, what: string): AttrValue {
  const type = typeOf(a);
  switch (type) {
    case A.FLOAT:
      return a.f ?? 0;
    case A.INT:
      return int(a.i ?? 0n);
    case A.STRING:
      return text.decode(a.s ?? new Uint8Array());
    case A.TENSOR:
      return a.t ? d.tensor(a.t, what) : d.fail('its tensor is missing');
    case A.GRAPH:
      return a.g ? d.graph(a.g) : d.fail('its graph is missing');
    case A.FLOATS:
      return [...a.floats];
    case A.INTS:
      return a.ints.map(int);
    case A.STRINGS:
      return a.strings.map((s) => text.decode(s));
    case A.TENSORS:
      return a.tensors.map((t, i) => d.tensor(t, `${what}[${i}]`));
    case A.GRAPHS:
      return a.graphs.map(d.graph);
    default:
      return d.fail(`attributes of type ${A[type] ?? type} are not supported`);
  }
}
