/**
 * Accuracy and confusion matrix of a classifier over a labelled dataset, streamed in
 * batches (one batch of tensors alive at a time).
 */

import type { Dataset } from '../data/dataset.ts';
import { tf } from '../engine/tf.ts';
import { GlassboxError, msg } from '../messages.ts';
import { toModelInput } from '../model/input.ts';
import type { Model } from '../model/model.ts';

export interface Evaluation {
  model: string;
  data: string;
  examples: number;
  accuracy: number;
  /** confusion[true][predicted] */
  confusion: number[][];
  perClassAccuracy: number[];
  classNames?: readonly string[];
}

export interface EvaluateOptions {
  batchSize?: number;
  /** called after each batch with the number of examples done */
  onProgress?: (done: number, total: number) => void;
}

export function evaluate(model: Model, data: Dataset, opts: EvaluateOptions = {}): Evaluation {
  const classes = model.outputShape.length === 1 ? model.outputShape[0] : null;
  if (classes == null) throw new GlassboxError(msg.notAClassifier(model.name));
  const batchSize = opts.batchSize ?? 256;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let correct = 0;
  for (let start = 0; start < data.size; start += batchSize) {
    const end = Math.min(data.size, start + batchSize);
    const b = data.batch(start, end);
    if (!b.labels) throw new GlassboxError(msg.datasetUnlabelled(data.name));
    const pred = tf.tidy(() => {
      const x = toModelInput(model, b.x, end - start, data.shape, data.name);
      return tf.argMax(model.run(x).output, 1);
    });
    const p = pred.dataSync();
    pred.dispose();
    for (let i = 0; i < p.length; i++) {
      const t = b.labels[i];
      if (t >= 0 && t < classes) confusion[t][p[i]]++;
      if (p[i] === t) correct++;
    }
    opts.onProgress?.(end, data.size);
  }
  const perClassAccuracy = confusion.map((row, i) => {
    const n = row.reduce((a, c) => a + c, 0);
    return n ? row[i] / n : Number.NaN;
  });
  return {
    model: model.name,
    data: data.name,
    examples: data.size,
    accuracy: correct / data.size,
    confusion,
    perClassAccuracy,
    classNames: model.classNames ?? data.classNames,
  };
}
