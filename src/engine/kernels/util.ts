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

  /** As `finish`, keeping several results. */
  finishAll(outs: readonly TensorInfo[]): TensorInfo[] {
    const keep = new Set(outs);
    for (const t of this.made) {
      if (!keep.has(t)) this.backend.disposeData(t.dataId);
    }
    this.made.length = 0;
    return [...outs];
  }

  /** Frees every intermediate (on error paths). */
  dispose(): void {
    for (const t of this.made) this.backend.disposeData(t.dataId);
    this.made.length = 0;
  }
}

/**
 * Caches tensors derived from another (e.g. a flipped, transposed filter) by the source's
 * dataId and a tag (what was derived: the same weights may be derived twice, e.g. for two
 * strides), so repeated gradient calls on the same weights neither recompute them nor make
 * XNNPACK re-pack a new filter. tfjs never changes the data behind a dataId (a variable's
 * assign swaps in a new dataId), so an entry stays valid while its source lives; entries
 * whose source has been freed are released on the next lookup. At most `capacity` sources
 * (the oldest goes first).
 */
export class DerivedCache {
  private readonly entries = new Map<object, Map<string, TensorInfo[]>>();
  constructor(private readonly capacity = 32) {}

  get(backend: unknown, source: TensorInfo, make: () => TensorInfo, tag = ''): TensorInfo {
    return this.getMany(backend, source, () => [make()], tag)[0];
  }

  /** As `get`, for several tensors derived from one source (e.g. one per stride phase). */
  getMany(backend: unknown, source: TensorInfo, make: () => TensorInfo[], tag = ''): TensorInfo[] {
    const b = backend as KernelBackend & { dataIdMap: { has(id: object): boolean } };
    const free = (byTag: Map<string, TensorInfo[]>) => {
      for (const ts of byTag.values()) for (const t of ts) b.disposeData(t.dataId);
    };
    for (const [key, byTag] of this.entries) {
      if (!b.dataIdMap.has(key)) {
        free(byTag);
        this.entries.delete(key);
      }
    }
    let byTag = this.entries.get(source.dataId);
    const hit = byTag?.get(tag);
    if (hit) return hit;
    const made = make();
    if (!byTag) {
      if (this.entries.size >= this.capacity) {
        const [oldKey, old] = this.entries.entries().next().value as [object, Map<string, TensorInfo[]>];
        free(old);
        this.entries.delete(oldKey);
      }
      byTag = new Map();
      this.entries.set(source.dataId, byTag);
    }
    byTag.set(tag, made);
    return made;
  }
}
