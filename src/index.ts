/** The public API of Glassbox (one barrel). */
export * from './data/index.ts';
export { type BackendName, engineInfo, initEngine } from './engine/backend.ts';
export { runDoctor } from './engine/doctor.ts';
export { Rng } from './engine/rng.ts';
export { type Tensor, tf } from './engine/tf.ts';
export { GlassboxError } from './messages.ts';
export type { AttributeOptions, Attribution, RunMeta } from './methods/attribution/base.ts';
export { saliency } from './methods/attribution/saliency.ts';
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
