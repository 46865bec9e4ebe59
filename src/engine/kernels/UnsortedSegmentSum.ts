/**
 * UnsortedSegmentSum for wasm (missing in tfjs-backend-wasm 4.22; it is the gradient of
 * gather), as one pass over the wasm heap. TensorFlow's semantics
 * (https://www.tensorflow.org/api_docs/python/tf/math/unsorted_segment_sum):
 *   out[i, ...] = sum over j with ids[j] == i of x[j, ...]
 * where `ids` may have any shape that is a prefix of x's shape (j runs over it) and the
 * output is [numSegments, ...x.shape[ids.rank:]] in x's dtype. Ids outside
 * [0, numSegments) are dropped, as TensorFlow documents for negative ids and does on GPU
 * for ids past the end (its CPU kernel raises an error there instead).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { Host } from './host.ts';

export function unsortedSegmentSumHost(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const numSegments = (attrs as unknown as { numSegments: number }).numSegments;
    const idsRank = segmentIds.shape.length;
    if (segmentIds.shape.some((d, i) => d !== x.shape[i])) {
      throw new Error(
        `UnsortedSegmentSum: segmentIds shape [${segmentIds.shape}] is not a prefix of x shape [${x.shape}]`,
      );
    }
    if (x.dtype !== 'float32' && x.dtype !== 'int32') {
      throw new Error(`UnsortedSegmentSum on ${backendName} needs float32 or int32 data, not ${x.dtype}`);
    }
    const inner = x.shape.slice(idsRank).reduce((a, b) => a * b, 1);
    const host = new Host(backend, backendName);
    const out = host.zeros([numSegments, ...x.shape.slice(idsRank)], x.dtype);
    // Views only after the allocation above (it may move the wasm heap).
    const xs = host.view(x);
    const ids = host.view(segmentIds);
    const o = host.view(out);
    for (let j = 0; j < ids.length; j++) {
      const id = ids[j];
      if (id < 0 || id >= numSegments) continue;
      const src = j * inner;
      const dst = id * inner;
      for (let k = 0; k < inner; k++) o[dst + k] += xs[src + k];
    }
    return out;
  };
}

export const unsortedSegmentSumWasm: KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSumHost('wasm'),
};
