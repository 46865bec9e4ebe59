/**
 * Constant: exactly one of value (tensor), value_float(s), value_int(s). sparse_value and
 * the string forms have no engine representation and are refused.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OnnxNode, OpRegistration } from '../types.ts';
import { attrTensor, fail } from './util/attrs.ts';
import { hostToTensor } from './util/dtypes.ts';

function constant(node: OnnxNode): Tensor {
  const a = node.attrs;
  const value = attrTensor(node, 'value');
  if (value) return hostToTensor(value, node);
  const num = (k: string) => {
    const v = a[k];
    if (typeof v !== 'number' && !(Array.isArray(v) && v.every((x) => typeof x === 'number'))) {
      fail(node, `attribute '${k}' must be numeric`);
    }
    return v as number | number[];
  };
  if ('value_float' in a) return tf.scalar(num('value_float') as number, 'float32');
  if ('value_floats' in a) return tf.tensor1d(num('value_floats') as number[], 'float32');
  if ('value_int' in a) return tf.scalar(num('value_int') as number, 'int32');
  if ('value_ints' in a) return tf.tensor1d(num('value_ints') as number[], 'int32');
  if ('sparse_value' in a) fail(node, 'sparse_value is not supported');
  if ('value_string' in a || 'value_strings' in a) fail(node, 'string constants are not supported');
  return fail(node, 'has no value attribute');
}

export const registrations: OpRegistration[] = [
  { opType: 'Constant', domain: '', since: 1, impl: { run: (_inputs, ctx) => [constant(ctx.node)] } },
];
