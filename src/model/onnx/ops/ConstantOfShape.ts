/**
 * ConstantOfShape: a tensor of the shape given by the int64 input, filled with the single
 * element of the `value` attribute (default float 0; its type is the output's). An empty
 * shape gives a scalar; a zero dimension an empty tensor.
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrTensor, fail } from './util/attrs.ts';
import { engineDtype } from './util/dtypes.ts';
import { hostNumbers, intsOf } from './util/ints.ts';

export const registrations: OpRegistration[] = [
  {
    opType: 'ConstantOfShape',
    domain: '',
    since: 9,
    impl: {
      run: (inputs, ctx) => {
        const shape = intsOf(inputs, ctx, 0) ?? fail(ctx.node, 'the shape input is missing');
        const value = attrTensor(ctx.node, 'value');
        const dtype = value ? engineDtype(value.dataType, ctx.node) : 'float32';
        const v = value ? hostNumbers(value)[0] : 0;
        if (shape.some((d) => d < 0)) fail(ctx.node, `negative dimension in shape [${shape}]`);
        return [tf.fill(shape, dtype === 'bool' ? Number(v !== 0) : v, dtype)];
      },
    },
  },
];
