/** The data layer: datasets (MNIST, IDX, image folders), arrays (.npy, .json, ONNX .pb) and the CLI input syntax. */
export { type NdArray, parseJsonArray, parseNpy, readArrayFile } from './arrays.ts';
export {
  type ArrayDatasetInit,
  arrayDataset,
  type Batch,
  checkBatch,
  type Dataset,
  sizeOf,
  subset,
} from './dataset.ts';
export { DataError } from './errors.ts';
export {
  classNamesForPath,
  DIGIT_CLASSES,
  FASHION_MNIST_CLASSES,
  type IdxArray,
  type IdxDatasetOptions,
  type IdxType,
  loadIdxDataset,
  parseIdx,
  readIdx,
  readLabels,
} from './idx.ts';
export { isImagePath, listImageFolder, loadImageFolder } from './imagefolder.ts';
export { decodeImage, encodePng, type Fit, type ImageOptions, imageInfo, readImage } from './images.ts';
export { chwToHwc, type Layout, toBatch } from './layout.ts';
export { loadMnist } from './mnist.ts';
export {
  asDataset,
  FASHION_MNIST_DIR,
  type Input,
  parseInputSpec,
  type SpecOptions,
  type TensorInput,
} from './spec.ts';
export { decodeTensorProto, readTensorProto, type TensorData } from './tensorproto.ts';
