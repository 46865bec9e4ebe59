/**
 * EyeLike (opset 9 on): a 2-D tensor of the input's shape with ones on diagonal k (attribute,
 * default 0; k > 0 above the main one) and zeros elsewhere, of element type `dtype`
 * (default: the input's).
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { castTo } from './Cast.ts';
import { attrNum, fail, need } from './util/attrs.ts';
import { ONNX_TYPE_NAMES } from './util/dtypes.ts';

export const registrations: OpRegistration[] = [
  {
    opType: 'EyeLike',
    domain: '',
    since: 9,
    impl: {
      run: (inputs, ctx) => {
        const x = need(inputs, 0, ctx.node);
        if (x.rank !== 2) fail(ctx.node, `input must be 2-D, got [${x.shape}]`);
        const k = attrNum(ctx.node, 'k', 0);
        const code = ctx.node.attrs.dtype;
        const name = typeof code === 'number' ? ONNX_TYPE_NAMES[code] : undefined;
        if (code !== undefined && !name) fail(ctx.node, `unknown dtype ${String(code)}`);
        const [n, m] = x.shape;
        return [
          tf.tidy(() => {
            const d = tf.sub(
              tf.reshape(tf.range(0, m, 1, 'int32'), [1, m]),
              tf.reshape(tf.range(0, n, 1, 'int32'), [n, 1]),
            );
            const eye = tf.equal(d, tf.scalar(k, 'int32'));
            return name ? castTo(eye, name, ctx.node) : tf.cast(eye, x.dtype);
          }),
        ];
      },
    },
  },
];
