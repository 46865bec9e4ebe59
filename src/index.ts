/** The public API of Glassbox (one barrel). */
export * from './data/index.ts';
export { type BackendName, engineInfo, initEngine } from './engine/backend.ts';
export { runDoctor } from './engine/doctor.ts';
export { Rng } from './engine/rng.ts';
export { type Tensor, tf } from './engine/tf.ts';
export { GlassboxError } from './messages.ts';
export type {
  AttributeOptions,
  Attribution,
  AttributionMethod,
  BaselineOptions,
  Baselines,
  LayerOptions,
  NeuronOptions,
  RunMeta,
} from './methods/attribution/base.ts';
export { type DeconvolutionOptions, deconvolution } from './methods/attribution/deconvolution.ts';
export { type DeepLiftOptions, deepLift } from './methods/attribution/deeplift.ts';
export { type DeepLiftShapOptions, deepLiftShap } from './methods/attribution/deeplift_shap.ts';
export { type FeatureAblationOptions, featureAblation } from './methods/attribution/feature_ablation.ts';
export type { FeatureMask } from './methods/attribution/features.ts';
export { type GradCamOptions, gradCam } from './methods/attribution/grad_cam.ts';
export type { GradientMethodOptions } from './methods/attribution/grad_util.ts';
export {
  GRADIENT_METHODS,
  type GradientMethod,
  gradientMethod,
} from './methods/attribution/gradient_methods.ts';
export { type GradientShapOptions, gradientShap } from './methods/attribution/gradient_shap.ts';
export { type GuidedBackpropOptions, guidedBackprop } from './methods/attribution/guided_backprop.ts';
export { type GuidedGradCamOptions, guidedGradCam } from './methods/attribution/guided_grad_cam.ts';
export { type InputXGradientOptions, inputXGradient } from './methods/attribution/input_x_gradient.ts';
export {
  type IntegratedGradientsOptions,
  integratedGradients,
} from './methods/attribution/integrated_gradients.ts';
export { type KernelShapOptions, kernelShap } from './methods/attribution/kernel_shap.ts';
export { type LayerActivationOptions, layerActivation } from './methods/attribution/layer_activation.ts';
export { type LayerConductanceOptions, layerConductance } from './methods/attribution/layer_conductance.ts';
export {
  type LayerGradientXActivationOptions,
  layerGradientXActivation,
} from './methods/attribution/layer_gradient_x_activation.ts';
export {
  type LayerIntegratedGradientsOptions,
  layerIntegratedGradients,
} from './methods/attribution/layer_integrated_gradients.ts';
export { type LimeOptions, lime } from './methods/attribution/lime.ts';
export { type NeuronGradientOptions, neuronGradient } from './methods/attribution/neuron_gradient.ts';
export {
  type NeuronIntegratedGradientsOptions,
  neuronIntegratedGradients,
} from './methods/attribution/neuron_integrated_gradients.ts';
export { type NoiseTunnelOptions, type NoiseType, noiseTunnel } from './methods/attribution/noise_tunnel.ts';
export { type OcclusionOptions, occlusion } from './methods/attribution/occlusion.ts';
export type { PerturbationOptions } from './methods/attribution/perturb.ts';
export { type PerturbationMethod, perturbationMethods } from './methods/attribution/perturbation_methods.ts';
export { IG_RULES, type IgRule } from './methods/attribution/quadrature.ts';
export { type RiseOptions, rise } from './methods/attribution/rise.ts';
export { saliency } from './methods/attribution/saliency.ts';
export {
  type ShapleyValueSamplingOptions,
  shapleyValueSampling,
} from './methods/attribution/shapley_value_sampling.ts';
export { type SlicOptions, slic } from './methods/attribution/superpixels.ts';
export { type Evaluation, evaluate } from './methods/evaluate.ts';
export { toModelInput } from './model/input.ts';
export { loadModel } from './model/load.ts';
export { loadModelFromUrl } from './model/load_url.ts';
export type { Edit, LayerInfo, Layout, Model, RunOptions, RunResult } from './model/model.ts';
export { GraphModelAdapter, LayersModelAdapter } from './model/tfjs.ts';
export { saveLayersModel } from './model/tfjs_save.ts';
export { listZoo, ZOO_NAMES, zooEntry } from './model/zoo.ts';
export { colormap } from './render/colormaps.ts';
export { heatmap, sideBySide, toRgb } from './render/heatmap.ts';
