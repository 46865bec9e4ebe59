/**
 * The registry of attribution methods by kebab-case name (as `glassbox explain --method`
 * takes them): saliency, the gradient, layer and neuron methods, and the perturbation
 * methods, each with what it explains (`kind`) and which extra options it cannot do
 * without (`needs`). Plus the traits the quality metrics need.
 */
import type { Tensor } from '../../engine/tf.ts';
import { GlassboxError, msg } from '../../messages.ts';
import type { Model } from '../../model/model.ts';
import type { Attribution } from './base.ts';
import { GRADIENT_METHODS } from './gradient_methods.ts';
import { perturbationMethods } from './perturbation_methods.ts';
import { type SaliencyOptions, saliency } from './saliency.ts';

export type MethodKind = 'input' | 'layer' | 'neuron';
export type MethodNeed = 'layer' | 'neuron' | 'baselines';

export interface MethodEntry {
  name: string;
  fn: (model: Model, input: Tensor, opts?: object) => Promise<Attribution>;
  /** 'input': a class explained on the input; 'layer': on a layer's output; 'neuron': a unit explained on the input */
  kind: MethodKind;
  needs: readonly string[];
}

/** Saliency, in case the gradient list ever lacks it (it comes first there). */
const builtIn: MethodEntry[] = [
  { name: 'saliency', fn: (m, x, o) => saliency(m, x, o as SaliencyOptions), kind: 'input', needs: [] },
];

function build(lists: readonly (readonly MethodEntry[])[]): ReadonlyMap<string, MethodEntry> {
  const map = new Map<string, MethodEntry>();
  for (const list of lists) for (const e of list) if (!map.has(e.name)) map.set(e.name, e);
  return map;
}

/** Every registered method by name, in the order `--method all` shows them. */
export const METHODS: ReadonlyMap<string, MethodEntry> = build([
  GRADIENT_METHODS,
  builtIn,
  perturbationMethods,
]);

export function methodNames(): string[] {
  return [...METHODS.keys()];
}

/** The entry of `name`, or a GlassboxError listing the known names. */
export function getMethod(name: string): MethodEntry {
  const e = METHODS.get(name);
  if (!e) throw new GlassboxError(msg.unknownMethod(name, methodNames()));
  return e;
}

/**
 * Methods whose attributions carry the (x − baseline) factor ("global" explanations in Yeh
 * et al. 2019): infidelity reads them per unit of change.
 */
export const MULTIPLIES_INPUTS: ReadonlySet<string> = new Set([
  'input-x-gradient',
  'integrated-gradients',
  'gradient-shap',
  'deeplift',
  'deeplift-shap',
  'occlusion',
  'feature-ablation',
  'shapley-value-sampling',
  'kernel-shap',
  'lime',
]);

/**
 * Methods whose attributions should sum over the input to f(x) − f(baseline): the
 * completeness error applies. Shapley sampling and KernelSHAP satisfy it per feature, but
 * give each position of a grouped feature the feature's whole value, so their sum over
 * positions is not the sum over features; they are left out.
 */
export const COMPLETE_METHODS: ReadonlySet<string> = new Set([
  'integrated-gradients',
  'gradient-shap',
  'deeplift',
  'deeplift-shap',
]);
