/**
 * `glassbox explain`: its flags, parsed and checked into the options object every
 * attribution method reads its own keys from (target, outputLayer, baselines, layer,
 * neuron, steps, rule, samples, stdev, seed, window, stride).
 */
import { tf } from '../src/engine/tf.ts';
import { GlassboxError, msg } from '../src/messages.ts';
import { IG_RULES } from '../src/methods/attribution/quadrature.ts';
import type { Model } from '../src/model/model.ts';
import { SIGNS, type Sign } from '../src/render/signs.ts';

export interface ExplainFlags {
  model: string;
  input: string;
  method: string;
  target?: string;
  layer?: string;
  neuron?: string;
  outputLayer?: string;
  steps?: string;
  igMethod?: string;
  baseline?: string;
  samples?: string;
  stdev?: string;
  seed?: string;
  window?: string;
  stride?: string;
  metrics?: boolean;
  sign?: string;
  limit?: string;
  out?: string;
  outJson?: string;
}

/** The method options built from the flags; undefined keys are left out so each method's defaults apply. */
export interface MethodOptions {
  target?: number[];
  outputLayer?: string;
  baselines?: number;
  layer?: string;
  neuron?: number | number[];
  steps?: number;
  rule?: string;
  samples?: number;
  masks?: number;
  stdev?: number;
  seed?: number;
  window?: [number, number];
  stride?: [number, number];
  onProgress?: (done: number, total: number) => void;
}

export function parseNumber(option: string, v: string | undefined, integer = false): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)))
    throw new GlassboxError(msg.badNumber(option, v));
  return n;
}

/** '4x4' or '4' -> [4, 4]. */
export function parsePair(option: string, v: string | undefined): [number, number] | undefined {
  if (v === undefined) return undefined;
  const m = /^\s*(\d+)\s*(?:[x×,]\s*(\d+))?\s*$/i.exec(v);
  if (!m) throw new GlassboxError(msg.badPair(option, v));
  const h = Number(m[1]);
  return [h, m[2] === undefined ? h : Number(m[2])];
}

/** --target K|predicted -> a class index, or undefined for the predicted class. */
export function parseTarget(v: string | undefined): number | undefined {
  if (v === undefined || v === 'predicted') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new GlassboxError(msg.badTarget(v));
  return n;
}

export function parseSign(v: string | undefined): Sign {
  const s = (v ?? 'all') as Sign;
  if (!SIGNS.includes(s)) throw new GlassboxError(msg.badChoice('--sign', String(v), SIGNS));
  return s;
}

/** Checks every flag before the model is loaded, so a typo fails fast. */
export function methodOptions(f: ExplainFlags): MethodOptions {
  if (f.igMethod !== undefined && !(IG_RULES as readonly string[]).includes(f.igMethod))
    throw new GlassboxError(msg.badChoice('--ig-method', f.igMethod, IG_RULES));
  const samples = parseNumber('--samples', f.samples, true);
  const neuron = f.neuron?.includes(',')
    ? f.neuron.split(',').map((s) => parseNumber('--neuron', s, true) as number)
    : parseNumber('--neuron', f.neuron, true);
  const o: MethodOptions = {
    outputLayer: f.outputLayer,
    baselines: parseNumber('--baseline', f.baseline),
    layer: f.layer,
    neuron,
    steps: parseNumber('--steps', f.steps, true),
    rule: f.igMethod,
    samples,
    masks: samples,
    stdev: parseNumber('--stdev', f.stdev),
    seed: parseNumber('--seed', f.seed, true),
    window: parsePair('--window', f.window),
    stride: parsePair('--stride', f.stride),
  };
  for (const k of Object.keys(o) as (keyof MethodOptions)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** The class scores to explain: the `logits` layer of a model that has one (a softmax saturates gradients), else the output. */
export function defaultOutputLayer(model: Model): string | undefined {
  return model.layers().some((l) => l.name === 'logits') ? 'logits' : undefined;
}

/** The last convolution (else any spatial feature map) layer: Grad-CAM's customary choice. */
export function defaultLayer(model: Model): string | undefined {
  const maps = model.layers().filter((l) => l.outputShape.length === 3);
  const conv = maps.filter((l) => /conv/i.test(l.kind));
  return (conv.at(-1) ?? maps.at(-1))?.name;
}

/** The unit of `layer` most active on the first example (flat index). */
export function defaultNeuron(model: Model, x: tf.Tensor, layer: string): number {
  return tf.tidy(() => {
    const first = x.slice(0, 1);
    const a = model.run(first, { taps: [layer] }).taps.get(layer)!;
    return tf.argMax(a.reshape([-1])).dataSync()[0];
  });
}
