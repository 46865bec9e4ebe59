/**
 * Every user-facing error text of the library and CLI outside src/data and src/model/onnx
 * (which keep their own in messages.ts files there). One place, so wording stays consistent and testable.
 */

/** An error caused by the user's input (a file, a shape, an option): shown as one line. */
export class GlassboxError extends Error {
  override name = 'GlassboxError';
}

const fmt = (shape: readonly (number | null)[]) => `[${shape.map((d) => (d == null ? '?' : d)).join(',')}]`;

export const msg = {
  noSuchModel: (ref: string, zoo: readonly string[]) =>
    `no model '${ref}': not a bundled model (${zoo.join(', ')}) nor an existing path`,
  modelFileMissing: (file: string) => `model file not found: ${file}`,
  modelJsonCorrupt: (file: string, why: string) => `${file} is not a valid TF.js model.json (${why})`,
  modelFormatUnknown: (file: string) =>
    `${file}: unsupported model format (expected a TF.js model.json or an .onnx file)`,
  weightShardMissing: (file: string, shard: string) => `${file}: weight shard ${shard} not found`,
  weightSizeMismatch: (file: string, expected: number, actual: number) =>
    `${file}: weight shards hold ${actual} bytes but the weight specs need ${expected}`,
  inputShapeMismatch: (modelShape: readonly (number | null)[], got: readonly number[]) =>
    `model input is ${fmt(modelShape)} but the input is ${fmt(got)}`,
  unknownLayer: (name: string, known: readonly string[]) =>
    `no layer named '${name}' (layers: ${known.slice(0, 30).join(', ')}${known.length > 30 ? ', …' : ''})`,
  editShapeMismatch: (layer: string, before: readonly number[], after: readonly number[]) =>
    `edit of layer '${layer}' changed its shape from ${fmt(before)} to ${fmt(after)}`,
  notAClassifier: (name: string) =>
    `model '${name}' has no class output (rank-2 [batch, classes]) to evaluate`,
  datasetUnlabelled: (name: string) => `data '${name}' has no labels: evaluate needs a labelled set`,
  datasetShapeMismatch: (
    data: string,
    dataShape: readonly number[],
    modelShape: readonly (number | null)[],
  ) => `data '${data}' has examples of shape ${fmt(dataShape)} but the model takes ${fmt(modelShape)}`,
  nonFinite: (what: string) => `${what} contains NaN or Infinity`,
  // attribution: gradient, layer and neuron methods
  attrOption: (method: string, option: string, value: unknown, expected: string) =>
    `${method}: option '${option}' is ${JSON.stringify(value) ?? String(value)} but must be ${expected}`,
  attrBaselines: (method: string, got: readonly number[], input: readonly number[]) =>
    `${method}: baselines of shape ${fmt(got)} do not fit the input ${fmt(input)} (give a number, one input ${fmt(input.slice(1))}, [1,…] or one per example ${fmt(input)})`,
  attrBaselineSet: (method: string, got: readonly number[], input: readonly number[]) =>
    `${method}: baselines must be a set of reference inputs [B,${input.slice(1).join(',')}], got ${fmt(got)}`,
  attrTarget: (target: number, classes: number) =>
    `target class ${target} is out of range: the scores have ${classes} classes (0 to ${classes - 1})`,
  attrTargetCount: (targets: number, inputs: number) => `${targets} targets for ${inputs} inputs`,
  attrScoresShape: (layer: string, shape: readonly number[]) =>
    `the scores read from '${layer}' are ${fmt(shape)}: attribution needs a [batch, classes] output (choose one with outputLayer)`,
  attrLayerNotImage: (method: string, layer: string, shape: readonly number[]) =>
    `${method}: layer '${layer}' outputs ${fmt(shape)}, not a feature map [N,H,W,C] / [N,C,H,W]: choose a convolution or pooling layer`,
  attrInputNotImage: (method: string, shape: readonly number[]) =>
    `${method}: the input ${fmt(shape)} is not a batch of images (rank 4), so the map cannot be upsampled to it`,
  attrLayerUnused: (layer: string, output: string) =>
    `layer '${layer}' does not influence '${output}': choose a layer before it`,
  attrNeuron: (layer: string, neuron: number | readonly number[], shape: readonly number[]) =>
    `neuron ${JSON.stringify(neuron)} is outside layer '${layer}', whose output is ${fmt(shape)} (without the batch)`,
  attrBatchMajor: (method: string, shape: readonly number[], rows: number) =>
    `${method}: an activation of shape ${fmt(shape)} does not keep the ${rows} rows of input and baseline first; this model moves the batch dimension, which ${method} cannot follow`,
  attrNoiseType: (type: string, known: readonly string[]) =>
    `noise tunnel: unknown type '${type}' (use ${known.join(', ')})`,
  // perturbation attribution (occlusion, feature ablation, Shapley, LIME, KernelSHAP, RISE)
  optionInvalid: (option: string, value: unknown, rule: string) =>
    `option ${option} must be ${rule} (got ${Array.isArray(value) ? `[${value.join(',')}]` : String(value)})`,
  perturbRank: (method: string, shape: readonly (number | null)[]) =>
    `${method} needs an input of rank 1 to 3 (without the batch); the model takes ${fmt(shape)}`,
  windowTooLarge: (what: string, window: readonly number[], size: readonly number[]) =>
    `${what} ${fmt(window)} is larger than the input's spatial size ${fmt(size)}`,
  featureMaskSize: (got: number, size: readonly number[]) =>
    `the feature mask has ${got} entries but the input's spatial size ${fmt(size)} has ${size[0] * size[1]} positions`,
  baselineShape: (got: readonly number[], example: readonly (number | null)[]) =>
    `baselines are ${fmt(got)} but must be a number, or shaped like one example ${fmt(example)} or like the input batch`,
  targetCount: (got: number, n: number) => `${got} targets for ${n} inputs`,
  targetOutOfRange: (target: number, classes: number) =>
    `target ${target} is not a class index of the output (0..${classes - 1})`,
  scoresNotClasses: (shape: readonly number[]) =>
    `the explained output is ${fmt(shape)}; attribution needs scores shaped [batch, classes]`,
  // quality metrics, pictures and `glassbox explain`
  metricShape: (what: string, got: readonly number[], input: readonly number[]) =>
    `${what} needs an attribution shaped like the input ${fmt(input)}, got ${fmt(got)}`,
  metricNeedsImage: (what: string, shape: readonly number[]) =>
    `${what} needs image inputs ([H,W,C] or [C,H,W]); this one is ${fmt(shape)}`,
  cannotRandomise: (model: string, why: string) => `cannot randomise the weights of model '${model}': ${why}`,
  noParamLayers: (model: string) => `model '${model}' has no layer with weights to randomise`,
  unknownMethod: (name: string, known: readonly string[]) =>
    `unknown method '${name}': use one of ${known.join(', ')}, or all`,
  methodNeedsLayer: (method: string) =>
    `${method} explains an inner layer: give --layer (see \`glassbox info --model M\` for the names)`,
  badPair: (option: string, value: string) => `${option} must look like 4x4 (height x width), got '${value}'`,
  badNumber: (option: string, value: string) => `${option} must be a number, got '${value}'`,
  badTarget: (value: string) => `--target must be a class index or 'predicted', got '${value}'`,
  badChoice: (option: string, value: string, choices: readonly string[]) =>
    `${option} must be one of ${choices.join(', ')}, got '${value}'`,
  // feature visualization (src/methods/featurevis, `glassbox featurevis`)
  fvBatchIndex: (batch: number, n: number) =>
    `objective image index ${batch} is outside the batch of ${n} images`,
  fvChannelRange: (layer: string, c: number, n: number) =>
    `channel ${c} is not a channel of layer '${layer}', which has ${n} (0..${n - 1})`,
  fvPosition: (layer: string, x: number, y: number, w: number, h: number) =>
    `position (${x},${y}) is outside layer '${layer}', whose maps are ${w} wide and ${h} high`,
  fvDirectionLength: (layer: string, got: number, want: number) =>
    `direction has ${got} entries but layer '${layer}' has ${want} channels`,
  fvNotScores: (layer: string, shape: readonly number[]) =>
    `class_logit needs scores shaped [batch, classes]; ${layer} is ${fmt(shape)}`,
  fvEmptySum: () => 'a sum of objectives needs at least one term',
  fvBadWeight: (k: number) => `an objective weight must be a finite number, got ${k}`,
  fvSyntax: (source: string, column: number, what: string) =>
    `objective '${source}': ${what} at column ${column}\n  ${source}\n  ${' '.repeat(column - 1)}^`,
  fvNotImage: (model: string, shape: readonly (number | null)[]) =>
    `feature visualization needs an image model ([H,W,C] or [C,H,W] input); '${model}' takes ${fmt(shape)}`,
  fvBadSize: (size: number) => `image size must be an integer >= 8, got ${size}`,
  fvChannelsSpec: (spec: string) => `--channels must look like 0:16, 3 or 1,5,7, got '${spec}'`,
  fvBadChannels: (layer: string, n: number) =>
    `layer '${layer}' has ${n} channels; give channels in 0..${n - 1}`,
  fvOptionRange: (option: string, value: number, rule: string) => `${option} must be ${rule}, got ${value}`,
};

export { fmt as formatShape };
