/**
 * IDX files (the MNIST / Fashion-MNIST format), raw or gzipped: a big-endian header
 * `00 00 <type> <rank>`, `rank` big-endian uint32 dimensions, then the values row-major.
 * Type codes: 08 u8, 09 i8, 0b i16, 0c i32, 0d f32, 0e f64.
 */
import { checkBatch, type Dataset, sizeOf } from './dataset.ts';
import { DataError } from './errors.ts';
import { gunzipIfNeeded, readFileChecked } from './files.ts';
import * as msg from './messages.ts';

export type IdxType = 'u8' | 'i8' | 'i16' | 'i32' | 'f32' | 'f64';
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  type: IdxType;
  shape: number[];
  data: IdxData;
}

const TYPES: Record<number, { type: IdxType; bytes: number }> = {
  8: { type: 'u8', bytes: 1 },
  9: { type: 'i8', bytes: 1 },
  11: { type: 'i16', bytes: 2 },
  12: { type: 'i32', bytes: 4 },
  13: { type: 'f32', bytes: 4 },
  14: { type: 'f64', bytes: 8 },
};

const hex = (b: Uint8Array) => [...b].map((v) => v.toString(16).padStart(2, '0')).join(' ');

/** Decode an (already decompressed) IDX buffer; `path` only names it in errors. */
export function parseIdx(bytes: Uint8Array, path = '<buffer>'): IdxArray {
  if (bytes.length < 4) throw new DataError(msg.idxTruncated(path, 4, bytes.length));
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new DataError(msg.idxBadMagic(path, hex(bytes.subarray(0, 4))));
  const t = TYPES[bytes[2]];
  if (!t) throw new DataError(msg.idxBadType(path, bytes[2]));
  const rank = bytes[3];
  const header = 4 + 4 * rank;
  if (bytes.length < header) throw new DataError(msg.idxTruncated(path, header, bytes.length));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = sizeOf(shape);
  const expected = header + count * t.bytes;
  if (bytes.length < expected) throw new DataError(msg.idxTruncated(path, expected, bytes.length));
  if (bytes.length > expected) throw new DataError(msg.idxTooLong(path, expected, bytes.length));
  return { type: t.type, shape, data: readValues(view, header, count, t.type) };
}

function readValues(view: DataView, off: number, n: number, type: IdxType): IdxData {
  switch (type) {
    case 'u8':
      return new Uint8Array(view.buffer.slice(view.byteOffset + off, view.byteOffset + off + n));
    case 'i8':
      return new Int8Array(view.buffer.slice(view.byteOffset + off, view.byteOffset + off + n));
    case 'i16':
      return fill(new Int16Array(n), (i) => view.getInt16(off + 2 * i, false));
    case 'i32':
      return fill(new Int32Array(n), (i) => view.getInt32(off + 4 * i, false));
    case 'f32':
      return fill(new Float32Array(n), (i) => view.getFloat32(off + 4 * i, false));
    case 'f64':
      return fill(new Float64Array(n), (i) => view.getFloat64(off + 8 * i, false));
  }
}

function fill<T extends Int16Array | Int32Array | Float32Array | Float64Array>(
  a: T,
  f: (i: number) => number,
): T {
  for (let i = 0; i < a.length; i++) a[i] = f(i);
  return a;
}

/** Read an IDX file, gunzipping it when it starts with the gzip magic (any extension). */
export function readIdx(path: string): IdxArray {
  return parseIdx(gunzipIfNeeded(readFileChecked(path), path), path);
}

export const DIGIT_CLASSES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** Class names guessed from a path: Fashion-MNIST's when it names fashion-mnist, digits for MNIST. */
export function classNamesForPath(path: string): readonly string[] | undefined {
  const p = path.toLowerCase();
  if (/fashion[-_]?mnist/.test(p)) return FASHION_MNIST_CLASSES;
  if (p.includes('mnist')) return DIGIT_CLASSES;
  return undefined;
}

export interface IdxDatasetOptions {
  /** an IDX labels file (rank 1, integers), one per image */
  labels?: string;
  /** default: from the path (Fashion-MNIST, MNIST) when labels are given */
  classNames?: readonly string[];
  name?: string;
}

/**
 * An IDX array as a Dataset: the first axis indexes examples; [n,rows,cols] becomes
 * examples of shape [rows,cols,1]. uint8 values are scaled to [0, 1], others kept.
 */
export function loadIdxDataset(images: string, opts: IdxDatasetOptions = {}): Dataset {
  const arr = readIdx(images);
  if (arr.shape.length < 2) throw new DataError(msg.idxNotImages(images, arr.shape));
  const [n, ...rest] = arr.shape;
  const shape = rest.length === 2 ? [...rest, 1] : rest;
  const labels = opts.labels ? readLabels(opts.labels, images, n) : undefined;
  const classNames = opts.classNames ?? (labels ? classNamesForPath(opts.labels ?? images) : undefined);
  const numClasses = labels ? Math.max(classNames?.length ?? 0, maxOf(labels) + 1) : undefined;
  const per = sizeOf(shape);
  const isU8 = arr.type === 'u8';
  const ds: Dataset = {
    name: opts.name ?? `idx (${images}${opts.labels ? ` + ${opts.labels}` : ''}, ${n} examples)`,
    size: n,
    shape,
    ...(numClasses !== undefined ? { numClasses } : {}),
    ...(classNames ? { classNames } : {}),
    batch(start, end) {
      checkBatch(ds, start, end);
      const src = arr.data.subarray(start * per, end * per);
      const x = new Float32Array(src.length);
      // divide rather than multiply by 1/255 so that 255 maps to exactly 1
      if (isU8) for (let i = 0; i < src.length; i++) x[i] = src[i] / 255;
      else x.set(src);
      return labels ? { x, labels: labels.slice(start, end) } : { x };
    },
  };
  return ds;
}

/** Read an IDX labels file and check it against `n` images. */
export function readLabels(path: string, images: string, n: number): Int32Array {
  const arr = readIdx(path);
  const intType = arr.type === 'u8' || arr.type === 'i8' || arr.type === 'i16' || arr.type === 'i32';
  if (arr.shape.length !== 1 || !intType) throw new DataError(msg.idxNotLabels(path, arr.shape));
  if (arr.shape[0] !== n) throw new DataError(msg.countMismatch(images, n, path, arr.shape[0]));
  const labels = Int32Array.from(arr.data);
  const bad = labels.findIndex((v) => v < 0);
  if (bad >= 0) throw new DataError(msg.badLabel(path, bad, labels[bad]));
  return labels;
}

function maxOf(a: Int32Array): number {
  let m = -1;
  for (const v of a) if (v > m) m = v;
  return m;
}
