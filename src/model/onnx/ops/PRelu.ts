/**
 * PRelu: x for x >= 0, slope * x otherwise, the slope broadcast (unidirectionally) to x.
 * Written as relu(x) + slope * min(x, 0) so that both inputs get gradients.
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { binary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = binary('PRelu', (x, slope) =>
  tf.tidy(() => tf.add(tf.relu(x), tf.mul(slope, tf.minimum(x, 0)))),
);
