/**
 * IsInf: true where x is +inf (when detect_positive, default 1) or -inf (when
 * detect_negative, default 1) (opset 10 on).
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum } from './util/attrs.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('IsInf', 10, (x, node) => {
  const f = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
  const pos = attrNum(node, 'detect_positive', 1) !== 0;
  const neg = attrNum(node, 'detect_negative', 1) !== 0;
  const none = tf.zerosLike(f).cast('bool');
  const plus = pos ? tf.equal(f, Number.POSITIVE_INFINITY) : none;
  const minus = neg ? tf.equal(f, Number.NEGATIVE_INFINITY) : none;
  return tf.logicalOr(plus, minus);
});
