/**
 * Adam (Kingma & Ba 2015) over a list of variables, written out so that it owns and frees all
 * of its state (tf.train.adam keeps a tensor alive after dispose in TF.js 4.22).
 */
import { type Scalar, type Tensor, tf } from '../../engine/tf.ts';

export interface Adam {
  /** One ascent-free step: minimises `loss`, returns its value before the step. */
  step(loss: () => Scalar): number;
  dispose(): void;
}

/** Adam with learning rate `lr` and the paper's defaults beta1 0.9, beta2 0.999, epsilon 1e-8. */
export function adam(
  variables: readonly tf.Variable[],
  lr: number,
  beta1 = 0.9,
  beta2 = 0.999,
  eps = 1e-8,
): Adam {
  const zeros = () => variables.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)));
  const m = zeros();
  const s = zeros();
  let t = 0;
  return {
    step(loss) {
      t++;
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      const { value, grads } = tf.variableGrads(loss, variables as tf.Variable[]);
      tf.tidy(() => {
        variables.forEach((v, i) => {
          const g: Tensor = grads[v.name];
          m[i].assign(tf.add(tf.mul(m[i], beta1), tf.mul(g, 1 - beta1)));
          s[i].assign(tf.add(tf.mul(s[i], beta2), tf.mul(tf.square(g), 1 - beta2)));
          const update = tf.div(tf.div(m[i], c1), tf.add(tf.sqrt(tf.div(s[i], c2)), eps));
          v.assign(tf.sub(v, tf.mul(update, lr)));
        });
      });
      const out = value.dataSync()[0];
      value.dispose();
      for (const g of Object.values(grads)) g.dispose();
      return out;
    },
    dispose() {
      for (const x of [...m, ...s]) x.dispose();
    },
  };
}
