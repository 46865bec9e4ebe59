/**
 * Which nodes of an ONNX graph are listed as layers (those a user would tap, ablate or
 * visualize), and how many parameters each holds.
 */
import type { Tensor } from '../../engine/tf.ts';
import type { Step } from './plan.ts';

const LAYER_OPS = new Set([
  'Conv',
  'ConvTranspose',
  'Gemm',
  'MatMul',
  'Relu',
  'LeakyRelu',
  'PRelu',
  'Elu',
  'Selu',
  'Celu',
  'Sigmoid',
  'HardSigmoid',
  'HardSwish',
  'Tanh',
  'Softplus',
  'Softsign',
  'Gelu',
  'Mish',
  'Clip',
  'MaxPool',
  'AveragePool',
  'LpPool',
  'GlobalAveragePool',
  'GlobalMaxPool',
  'BatchNormalization',
  'InstanceNormalization',
  'LayerNormalization',
  'GroupNormalization',
  'LRN',
  'LSTM',
  'GRU',
  'RNN',
  'Softmax',
  'LogSoftmax',
  'Flatten',
  'Resize',
  'Upsample',
]);
/** Joins of two computed values (residual additions, concatenations) are layers too. */
const JOIN_OPS = new Set(['Add', 'Sum', 'Concat']);

/** The steps listed as layers; `isConstant` tells a constant input from a computed one. */
export function layerSteps(steps: readonly Step[], isConstant: (value: string) => boolean): Step[] {
  return steps.filter(({ node }) => {
    if (node.domain !== '' && node.domain !== 'ai.onnx') return false;
    if (LAYER_OPS.has(node.opType)) return true;
    return JOIN_OPS.has(node.opType) && node.inputs.filter((i) => i !== '' && !isConstant(i)).length >= 2;
  });
}

/**
 * Parameters per layer: the sizes of its float constant inputs (weights, biases, norm
 * statistics), plus those of a bias or scale applied right after it by a separate node
 * (MatMul then Add, as PyTorch exports Linear on 3-D input). Scalars such as Clip's bounds
 * are not parameters.
 */
export function layerParams(
  layers: readonly Step[],
  steps: readonly Step[],
  constant: (value: string) => Tensor | undefined,
): Map<string, number> {
  const weights = (s: Step) =>
    s.node.inputs
      .map((i) => (i === '' ? undefined : constant(i)))
      .filter((t): t is Tensor => t !== undefined && t.dtype === 'float32' && t.size > 1)
      .reduce((a, t) => a + t.size, 0);
  const params = new Map(layers.map((s) => [s.node.name, weights(s)]));
  const producer = new Map<string, string>();
  for (const s of layers) for (const o of s.node.outputs) producer.set(o, s.node.name);
  for (const s of steps) {
    if (params.has(s.node.name) || (s.node.opType !== 'Add' && s.node.opType !== 'Mul')) continue;
    const from = s.node.inputs.map((i) => producer.get(i)).find((p) => p !== undefined);
    if (from) params.set(from, (params.get(from) ?? 0) + weights(s));
  }
  return params;
}
