/**
 * Helpers for kernels written as compositions of existing fast kernels of the same
 * backend. They call kernel functions directly (not tf ops), so nothing is recorded on the
 * gradient tape and every intermediate is freed here.
 */
import type { KernelBackend, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { tf } from '../tf.ts';

export type Attrs = NamedAttrMap;

/** Runs one kernel of `backendName` on tensor infos; the caller owns the result. */
export function call(
  backend: KernelBackend,
  backendName: string,
  kernelName: string,
  inputs: NamedTensorInfoMap,
  attrs: Attrs = {},
): TensorInfo {
  const kernel = tf.getKernel(kernelName, backendName);
  if (kernel == null) throw new Error(`kernel ${kernelName} is not registered for backend ${backendName}`);
  return kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
}

/** A scope that runs kernels on one backend and frees every intermediate it made. */
export class KernelScope {
  private readonly made: TensorInfo[] = [];
  readonly backend: KernelBackend;
  /** `backend` is typed `{}` in tfjs's KernelFunc signature, hence `unknown` here. */
  constructor(
    backend: unknown,
    readonly backendName: string,
  ) {
    this.backend = backend as KernelBackend;
  }

  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: Attrs = {}): TensorInfo {
    const out = call(this.backend, this.backendName, kernelName, inputs, attrs);
    this.made.push(out);
    return out;
  }

  /** Adopts a tensor made outside `run` (e.g. by a stock kernel called directly) as an intermediate. */
  keep(x: TensorInfo): TensorInfo {
    this.made.push(x);
    return x;
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  /** x[..., begin : end : strides] on every axis. */
  stridedSlice(x: TensorInfo, begin: number[], end: number[], strides: number[]): TensorInfo {
    return this.run(
      'StridedSlice',
      { x },
      { begin, end, strides, beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 },
    );
  }

  pad(x: TensorInfo, paddings: [number, number][], constantValue = 0): TensorInfo {
    return this.run('PadV2', { x }, { paddings, constantValue });
  }

  concat(xs: TensorInfo[], axis: number): TensorInfo {
    if (xs.length === 1) return xs[0];
    // Concat takes its inputs as an array, not a named map.
    return this.run('Concat', xs as unknown as NamedTensorInfoMap, { axis });
  }

  matMul(a: TensorInfo, b: TensorInfo, transposeA = false, transposeB = false): TensorInfo {
    return this.run('BatchMatMul', { a, b }, { transposeA, transposeB });
  }

  add(a: TensorInfo, b: TensorInfo): TensorInfo {
    return this.run('Add', { a, b });
  }

  /** Keeps `out` (removes it from the list of intermediates) and frees all the rest. */
  finish(out: TensorInfo): TensorInfo {
    for (const t of this.made) {
      if (t !== out) this.backend.disposeData(t.dataId);
    }
    this.made.length = 0;
    return out;
  }

  /** Frees every intermediate (on error paths). */
  dispose(): void {
    for (const t of this.made) this.backend.disposeData(t.dataId);
    this.made.length = 0;
  }
}

/**
 * Caches a tensor derived from another (e.g. a flipped, transposed filter) by the source's
 * dataId, so repeated gradient calls on the same weights neither recompute it nor make
 * XNNPACK re-pack a new filter. tfjs never changes the data behind a dataId (a variable's
 * assign swaps in a new dataId), so an entry stays valid while its source lives; entries
 * whose source has been freed are released on the next lookup. At most `capacity` entries.
 */
export class DerivedCache {
  private readonly entries = new Map<object, TensorInfo>();
  constructor(private readonly capacity = 32) {}

  get(backend: unknown, source: TensorInfo, make: () => TensorInfo): TensorInfo {
    const b = backend as KernelBackend & { dataIdMap: { has(id: object): boolean } };
    for (const [key, derived] of this.entries) {
      if (!b.dataIdMap.has(key)) {
        b.disposeData(derived.dataId);
        this.entries.delete(key);
      }
    }
    const hit = this.entries.get(source.dataId);
    if (hit) return hit;
    const made = make();
    if (this.entries.size >= this.capacity) {
      const [oldKey, old] = this.entries.entries().next().value as [object, TensorInfo];
      b.disposeData(old.dataId);
      this.entries.delete(oldKey);
    }
    this.entries.set(source.dataId, made);
    return made;
  }
}
