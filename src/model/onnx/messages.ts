/**
 * Every user-facing error text of the ONNX importer (src/messages.ts holds the rest of the
 * library's; this folder keeps its own as src/data does). Each is one line that names the
 * file and, where there is one, the node and its op.
 */
import { formatShape } from '../../messages.ts';

const list = (xs: readonly string[], max = 8) =>
  xs.slice(0, max).join(', ') + (xs.length > max ? `, … (${xs.length - max} more)` : '');

export const onnxMsg = {
  notOnnx: (file: string, why: string) => `${file} is not an ONNX model (${why})`,
  noGraph: (file: string) =>
    `${file} is not an ONNX model: it has no graph (a truncated file or another format?)`,
  noOpset: (file: string) =>
    `${file} is not an ONNX model: it imports no operator set (a truncated file or another format?)`,
  badTensor: (file: string, why: string) => `${file}: ${why}`,
  badAttribute: (file: string, node: string, attr: string, why: string) =>
    `${file}: node '${node}', attribute '${attr}': ${why}`,
  externalPath: (file: string, tensor: string, location: string) =>
    `${file}: tensor '${tensor}' keeps its data in '${location}', which is not a relative path inside the model's folder`,
  externalMissing: (file: string, tensor: string, location: string) =>
    `${file}: tensor '${tensor}' keeps its data in '${location}', which does not exist beside the model`,
  externalShort: (file: string, tensor: string, location: string, need: number, have: number) =>
    `${file}: tensor '${tensor}' needs bytes ${need} of '${location}', which holds only ${have}`,
  duplicateOutput: (file: string, value: string, a: string, b: string) =>
    `${file}: value '${value}' is produced by both node '${a}' and node '${b}'`,
  missingInputs: (file: string, missing: readonly { node: string; op: string; value: string }[]) =>
    `${file}: ${missing.length} node input(s) come from nowhere (not a graph input, an initializer or a node's output; a missing initializer?): ${list(missing.map((m) => `'${m.value}' read by node '${m.node}' (${m.op})`))}`,
  missingOutput: (file: string, value: string) =>
    `${file}: graph output '${value}' is not computed by any node, input or initializer`,
  cycle: (file: string, names: readonly string[]) =>
    `${file}: the graph has a cycle: ${names.map((n) => `'${n}'`).join(' -> ')}`,
  unsupported: (file: string, ops: readonly string[]) =>
    `${file}: ${ops.length} unsupported operator(s), nothing was run: ${ops.join('; ')}`,
  noInputs: (file: string) => `${file}: the graph has no inputs besides its initializers`,
  scalarInput: (file: string, input: string) =>
    `${file}: input '${input}' is a scalar; Glassbox needs a batch dimension first`,
  noInputShape: (file: string, input: string) =>
    `${file}: input '${input}' declares no shape, so Glassbox cannot know what the model takes`,
  symbolicDim: (file: string, input: string, axis: number, dim: string) =>
    `${file}: input '${input}' has the symbolic dimension '${dim}' at axis ${axis}; only the first (batch) dimension may be symbolic`,
  inputRank: (file: string, input: string, want: readonly (number | null)[], got: readonly number[]) =>
    `${file}: input '${input}' is ${formatShape(want)} (batch first) but the tensor given is ${formatShape(got)}`,
  inputType: (file: string, input: string, type: string) =>
    `${file}: input '${input}' has element type ${type}, which the engine cannot hold`,
  missingFeed: (file: string, input: string) => `${file}: no value given for graph input '${input}'`,
  badConstant: (file: string, value: string, type: string, shape: readonly number[], why: string) =>
    `${file}: constant '${value}' (${type} [${shape}]) cannot be put on the engine: ${why}`,
  nodeFailed: (file: string, node: string, op: string, why: string) =>
    `${file}: node '${node}' (${op}) failed: ${why}`,
  noOutput: (file: string, node: string, op: string, value: string) =>
    `${file}: node '${node}' (${op}) did not produce its output '${value}'`,
};
