/**
 * Neuron gradient: the gradient of one unit of an inner layer with respect to the input,
 * the saliency map (Simonyan, Vedaldi & Zisserman 2014) of a neuron instead of a class.
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import type { Attribution, NeuronOptions } from './base.ts';
import {
  checkFinite,
  checkLayer,
  flatNeuron,
  inputGradient,
  neuronObjective,
  runMeta,
  setTraits,
} from './grad_util.ts';

export type NeuronGradientOptions = NeuronOptions;

/** values [N, ...inputShape], signed; no class target (meta.targets is empty). */
export async function neuronGradient(
  model: Model,
  x: Tensor,
  opts: NeuronGradientOptions = { layer: '', neuron: 0 },
): Promise<Attribution> {
  const method = 'neuron-gradient';
  const layer = checkLayer(method, opts.layer);
  const flat = flatNeuron(model, layer, opts.neuron);
  const values = tf.tidy(() => inputGradient(model, x, neuronObjective(layer, flat)));
  await checkFinite(values, 'the neuron gradient');
  return { values, meta: runMeta(model, method, [], { layer, neuron: opts.neuron, flatNeuron: flat }) };
}

setTraits(neuronGradient, { targetless: true });
