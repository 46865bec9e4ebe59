/**
 * Neuron integrated gradients: integrated gradients (Sundararajan et al. 2017) of one unit
 * of an inner layer with respect to the input. Completeness: the values sum to
 * y(x) − y(x₀) for that unit; `delta` is the gap.
 */
import type { Tensor } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import type { Attribution, BaselineOptions, NeuronOptions } from './base.ts';
import { describeBaselines, perExampleBaselines } from './grad_baselines.ts';
import { checkFinite, checkLayer, flatNeuron, neuronObjective, runMeta, setTraits } from './grad_util.ts';
import { checkPathOptions, integratedGradientsOf, type PathOptions } from './integrated_gradients.ts';

export interface NeuronIntegratedGradientsOptions extends NeuronOptions, BaselineOptions, PathOptions {}

/** values [N, ...inputShape], delta [N]; no class target (meta.targets is empty). */
export async function neuronIntegratedGradients(
  model: Model,
  x: Tensor,
  opts: NeuronIntegratedGradientsOptions = { layer: '', neuron: 0 },
): Promise<Attribution> {
  const method = 'neuron-integrated-gradients';
  const layer = checkLayer(method, opts.layer);
  const path = checkPathOptions(method, opts);
  const flat = flatNeuron(model, layer, opts.neuron);
  const x0 = perExampleBaselines(method, x, opts.baselines);
  let out: { values: Tensor; delta: Tensor };
  try {
    out = integratedGradientsOf(model, x, x0, neuronObjective(layer, flat), path);
  } finally {
    x0.dispose();
  }
  await checkFinite(out.values, 'the neuron integrated gradients', [out.delta]);
  return {
    ...out,
    meta: runMeta(model, method, [], {
      layer,
      neuron: opts.neuron,
      flatNeuron: flat,
      ...path,
      baselines: describeBaselines(opts.baselines),
    }),
  };
}

setTraits(neuronIntegratedGradients, { targetless: true });
