/**
 * The perturbation methods as a list for the CLI and `--method all`: kebab-case names as
 * in the attribution issue, each taking the input itself (`kind: 'input'`) and needing no
 * extra option such as a layer (`needs: []`).
 */
import type { Tensor } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import type { Attribution } from './base.ts';
import { type FeatureAblationOptions, featureAblation } from './feature_ablation.ts';
import { type KernelShapOptions, kernelShap } from './kernel_shap.ts';
import { type LimeOptions, lime } from './lime.ts';
import { type OcclusionOptions, occlusion } from './occlusion.ts';
import { type RiseOptions, rise } from './rise.ts';
import { type ShapleyValueSamplingOptions, shapleyValueSampling } from './shapley_value_sampling.ts';

export interface PerturbationMethod {
  name: 'occlusion' | 'feature-ablation' | 'shapley-value-sampling' | 'lime' | 'kernel-shap' | 'rise';
  fn: (model: Model, input: Tensor, opts?: object) => Promise<Attribution>;
  kind: 'input';
  needs: readonly string[];
}

export const perturbationMethods: readonly PerturbationMethod[] = [
  { name: 'occlusion', fn: (m, x, o) => occlusion(m, x, o as OcclusionOptions), kind: 'input', needs: [] },
  {
    name: 'feature-ablation',
    fn: (m, x, o) => featureAblation(m, x, o as FeatureAblationOptions),
    kind: 'input',
    needs: [],
  },
  {
    name: 'shapley-value-sampling',
    fn: (m, x, o) => shapleyValueSampling(m, x, o as ShapleyValueSamplingOptions),
    kind: 'input',
    needs: [],
  },
  { name: 'lime', fn: (m, x, o) => lime(m, x, o as LimeOptions), kind: 'input', needs: [] },
  {
    name: 'kernel-shap',
    fn: (m, x, o) => kernelShap(m, x, o as KernelShapOptions),
    kind: 'input',
    needs: [],
  },
  { name: 'rise', fn: (m, x, o) => rise(m, x, o as RiseOptions), kind: 'input', needs: [] },
];
