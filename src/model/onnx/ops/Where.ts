/** Where: X where the condition holds, else Y; all three broadcast together (opset 9 on). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { need } from './util/attrs.ts';

export const registrations: OpRegistration[] = [
  {
    opType: 'Where',
    domain: '',
    since: 9,
    impl: {
      run: (inputs, ctx) => {
        const cond = need(inputs, 0, ctx.node);
        const x = need(inputs, 1, ctx.node);
        const y = need(inputs, 2, ctx.node);
        return [
          tf.tidy(() => {
            const c = cond.dtype === 'bool' ? cond : tf.cast(cond, 'bool');
            if (x.dtype !== 'bool') return tf.where(c, x, y);
            // the wasm Select kernel mixes up bool operands: select among int32 copies
            return tf.cast(tf.where(c, tf.cast(x, 'int32'), tf.cast(y, 'int32')), 'bool');
          }),
        ];
      },
    },
  },
];
