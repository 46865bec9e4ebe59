/**
 * Temporarily replaces the weights of some layers by random ones, for the model-parameter
 * randomisation test (Adebayo et al. 2018, "Sanity Checks for Saliency Maps", NeurIPS).
 * Each trainable weight tensor of a layer becomes N(0, s²) with s the standard deviation of
 * the weights it replaces (so the layer keeps its scale; a tensor of zeros, e.g. a fresh
 * bias, stays zero), drawn from a seeded Rng whose stream depends on the seed and the layer
 * name only, so cascading randomisation reuses the same random weights layer by layer.
 * The original weights are restored when `fn` settles, even if it throws.
 *
 * Works for TF.js layers models; ONNX and TF.js graph models keep their weights inside
 * the executor and are refused with a clear message.
 */
import type { Variable } from '@tensorflow/tfjs';
import { Rng } from '../engine/rng.ts';
import { type Tensor, tf } from '../engine/tf.ts';
import { GlassboxError, msg } from '../messages.ts';
import type { Model } from './model.ts';
import { LayersModelAdapter } from './tfjs.ts';

/** Whether `withRandomisedLayers` can randomise this model. */
export function canRandomise(model: Model): boolean {
  return model instanceof LayersModelAdapter;
}

/** A reproducible seed for one layer (FNV-1a of its name, mixed with the seed). */
export function layerSeed(seed: number, layer: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < layer.length; i++) h = Math.imul(h ^ layer.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function randomLike(w: Tensor, rng: Rng): Tensor {
  const v = w.dataSync();
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i];
  mean /= v.length || 1;
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += (v[i] - mean) ** 2;
  const sd = Math.sqrt(sq / (v.length || 1));
  const out = new Float32Array(v.length);
  for (let i = 0; i < out.length; i++) out[i] = sd * rng.normal();
  return tf.tensor(out, w.shape, 'float32');
}

/**
 * Runs `fn` while the named layers of `model` hold random weights (see above), then
 * restores them. Layers without weights are left as they are.
 */
export async function withRandomisedLayers<T>(
  model: Model,
  layers: readonly string[],
  seed: number,
  fn: () => Promise<T>,
): Promise<T> {
  if (!(model instanceof LayersModelAdapter)) {
    throw new GlassboxError(
      msg.cannotRandomise(model.name, 'only TF.js layers models can have their weights randomised for now'),
    );
  }
  const known = model.layers().map((l) => l.name);
  const saved: { variable: Variable; value: Tensor }[] = [];
  try {
    for (const name of layers) {
      if (!known.includes(name)) throw new GlassboxError(msg.unknownLayer(name, known));
      const rng = new Rng(layerSeed(seed, name));
      for (const lv of model.net.getLayer(name).trainableWeights) {
        const variable = lv.read() as Variable;
        if (variable.dtype !== 'float32') continue;
        saved.push({ variable, value: tf.clone(variable) });
        const r = randomLike(variable, rng);
        variable.assign(r);
        r.dispose();
      }
    }
    return await fn();
  } finally {
    for (const { variable, value } of saved.reverse()) {
      variable.assign(value);
      value.dispose();
    }
  }
}
