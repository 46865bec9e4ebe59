/**
 * CastLike (opset 15 on): input to the element type of `target_type` (input 1), as Cast
 * does (Cast.ts). That type is the one the file declares for input 1 (so FLOAT16 and
 * BFLOAT16 round to their precision); without a declaration, the engine dtype of the
 * tensor given (float32, int32 or bool).
 */
import type { Tensor } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { castTo } from './Cast.ts';
import { need } from './util/attrs.ts';

const ENGINE_NAMES: Record<string, string> = { float32: 'FLOAT', int32: 'INT32', bool: 'BOOL' };

export const registrations: OpRegistration[] = [
  {
    opType: 'CastLike',
    domain: '',
    since: 15,
    impl: {
      run: (inputs, ctx) => {
        const x = need(inputs, 0, ctx.node);
        const like: Tensor = need(inputs, 1, ctx.node);
        const name = ctx.elemType?.(1) ?? ENGINE_NAMES[like.dtype] ?? 'FLOAT';
        return [castTo(x, name, ctx.node)];
      },
    },
  },
];
