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
};

export { fmt as formatShape };
