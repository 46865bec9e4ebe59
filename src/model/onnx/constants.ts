/**
 * Constants known before any input arrives: Constant nodes (decoded on the host, so int64
 * values stay exact), Shape of a constant, and nodes whose inputs are all constants and
 * small enough to compute once at import with their registered op.
 */
import { tf } from '../../engine/tf.ts';
import { withAllocationLimit } from '../../engine/wasm_memory.ts';
import { hostToTensor, sizeOfShape, tensorToHost } from './host.ts';
import type { AttrValue, HostTensor, OnnxNode, OpContext, OpRegistration } from './types.ts';

/** Results of random ops differ per run: never folded. */
const UNFOLDABLE = new Set([
  'RandomNormal',
  'RandomUniform',
  'RandomNormalLike',
  'RandomUniformLike',
  'Multinomial',
  'Bernoulli',
]);
/** Folding computes at most this many input elements per node, and keeps at most as many per output. */
const FOLD_LIMIT = 1 << 20;

const isHost = (v: AttrValue | undefined): v is HostTensor =>
  typeof v === 'object' && v !== null && 'values' in v && 'dataType' in v;

function ints(shape: number[], v: number[]): HostTensor {
  return { dataType: 'INT64', shape, values: Float32Array.from(v), exact: BigInt64Array.from(v, BigInt) };
}

/** The value of a Constant node decoded on the host, or undefined (string or sparse values). */
export function constantNodeValue(node: OnnxNode): HostTensor | undefined {
  if (node.opType !== 'Constant' || (node.domain !== '' && node.domain !== 'ai.onnx')) return undefined;
  const a = node.attrs;
  if (isHost(a.value)) return a.value;
  if (typeof a.value_float === 'number')
    return { dataType: 'FLOAT', shape: [], values: Float32Array.of(a.value_float) };
  if (Array.isArray(a.value_floats) && a.value_floats.every((x) => typeof x === 'number'))
    return { dataType: 'FLOAT', shape: [a.value_floats.length], values: Float32Array.from(a.value_floats) };
  if (typeof a.value_int === 'number') return ints([], [a.value_int]);
  if (Array.isArray(a.value_ints) && a.value_ints.every((x) => typeof x === 'number'))
    return ints([a.value_ints.length], a.value_ints as number[]);
  return undefined;
}

/** Shape (with opset 15's start/end) of a value whose shape is known. */
function shapeOf(node: OnnxNode, shape: number[]): HostTensor {
  const r = shape.length;
  const clamp = (v: number) => Math.min(r, Math.max(0, v < 0 ? v + r : v));
  const start = clamp(typeof node.attrs.start === 'number' ? node.attrs.start : 0);
  const end = clamp(typeof node.attrs.end === 'number' ? node.attrs.end : r);
  const dims = shape.slice(start, Math.max(start, end));
  return ints([dims.length], dims);
}

/**
 * The node's outputs computed now, when all its inputs are constants (`known`), or
 * undefined when it cannot or should not be folded. A failing op is left to run time,
 * where its error names the node.
 */
export function foldNode(
  node: OnnxNode,
  reg: OpRegistration,
  opset: number,
  known: (name: string) => HostTensor | undefined,
): HostTensor[] | undefined {
  const inputs = node.inputs.map((n) => (n === '' ? undefined : known(n)));
  if (node.inputs.some((n, i) => n !== '' && !inputs[i])) return undefined;
  if (node.opType === 'Shape' && inputs[0] && (node.domain === '' || node.domain === 'ai.onnx'))
    return [shapeOf(node, inputs[0].shape)];
  if (
    UNFOLDABLE.has(node.opType) ||
    Object.values(node.attrs).some((v) => typeof v === 'object' && v !== null && 'nodes' in v)
  )
    return undefined;
  const size = inputs.reduce((a, h) => a + (h ? sizeOfShape(h.shape) : 0), 0);
  if (size > FOLD_LIMIT) return undefined;
  const ctx: OpContext = { node, opset, constant: (i) => inputs[i], elemType: (i) => inputs[i]?.dataType };
  try {
    let out: HostTensor[] | undefined;
    // a big result (a Gather of a tensor by itself made 1 GB in seconds) stays a run-time
    // value: on wasm its allocation is refused before the kernel runs
    withAllocationLimit(16 * FOLD_LIMIT, () =>
      tf.tidy(() => {
        const ts = inputs.map((h) => (h ? hostToTensor(h) : undefined));
        const results = reg.impl.run(ts, ctx);
        if (results.every((t) => t.size <= FOLD_LIMIT)) out = results.map(tensorToHost);
      }),
    );
    return out;
  } catch {
    return undefined;
  }
}
