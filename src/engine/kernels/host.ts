/**
 * Access to tensor memory for kernels written as plain loops on the host (JavaScript), on
 * the wasm backend (views of the wasm heap, no copies) and on the cpu backend (its arrays).
 */
import type { DataType, TensorInfo } from '@tensorflow/tfjs';

export type HostArray = Float32Array | Int32Array | Uint8Array;

interface WasmLike {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): HostArray;
}

interface CpuLike {
  makeTensorInfo(shape: number[], dtype: DataType, values?: HostArray): TensorInfo;
  data: { get(dataId: object): { values: unknown } };
}

/**
 * Allocates outputs and reads tensors of one backend. On wasm a view of the heap is
 * invalidated when the heap grows, which any allocation may do: allocate every output
 * (`zeros`) before taking any view (`view`).
 */
export class Host {
  constructor(
    private readonly backend: unknown,
    readonly backendName: string,
  ) {
    if (backendName !== 'wasm' && backendName !== 'cpu') {
      throw new Error(`host kernels run on wasm or cpu, not ${backendName}`);
    }
  }

  /** A new tensor of zeros (the wasm heap is not zeroed by malloc). */
  zeros(shape: number[], dtype: 'float32' | 'int32'): TensorInfo {
    if (this.backendName === 'wasm') {
      const out = (this.backend as WasmLike).makeOutput(shape, dtype);
      (this.backend as WasmLike).typedArrayFromHeap(out).fill(0);
      return out;
    }
    const size = shape.reduce((a, b) => a * b, 1);
    const values = dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
    return (this.backend as CpuLike).makeTensorInfo(shape, dtype, values);
  }

  /** The tensor's memory, for reading or (for outputs made by `zeros`) writing. */
  view(t: TensorInfo): HostArray {
    if (this.backendName === 'wasm') return (this.backend as WasmLike).typedArrayFromHeap(t);
    const values = (this.backend as CpuLike).data.get(t.dataId).values;
    if (!(values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array)) {
      throw new Error(`host kernels read numeric tensors, not ${t.dtype}`);
    }
    return values;
  }
}
