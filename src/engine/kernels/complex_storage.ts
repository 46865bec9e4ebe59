/**
 * complex64 on the wasm backend. A complex tensor of shape S lives in the wasm heap as
 * interleaved float32 pairs (re, im): 8 bytes per element, which is exactly what
 * BackendWasm.write/move already allocate for complex64 (util.bytesPerElement), the layout
 * the cpu backend's readSync returns, and so what engine.moveData hands to write() when a
 * complex tensor moves from cpu to wasm. Freeing needs nothing new either (one heap block
 * per tensor, unlike the cpu backend's three data ids).
 *
 * Only reads need teaching: BackendWasm.readSync and typedArrayFromHeap throw on complex64.
 * `installComplexStorage` wraps both on the backend instance so that they return the
 * interleaved Float32Array (2 * size values), as dataSync does on cpu. With it the stock
 * Reshape (shares the data id), Identity (copies the heap block, used by clone and by the
 * tape when a kernel saves a complex input) and ZerosLike work on complex64 unchanged.
 * The other way, `installCpuComplexMove` lets the cpu backend take over complex tensors
 * made on wasm. Both are installed by our kernels' setupFunc when a backend is set.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type HeapArray = Float32Array | Int32Array | Uint8Array;

const installed = Symbol('glassbox.complexStorage');

/** The Emscripten heap (present at run time; missing from the module's type declarations). */
function heap(backend: BackendWasm): ArrayBuffer {
  return (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer as ArrayBuffer;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * A view of the heap block of `info` (complex64: interleaved, 2 * size floats). Views are
 * invalidated when the heap grows, so take them after allocating every output.
 */
export function heapView(backend: BackendWasm, info: TensorInfo): HeapArray {
  const { memoryOffset } = backend.dataIdMap.get(info.dataId);
  const buffer = heap(backend);
  const size = sizeOf(info.shape);
  switch (info.dtype) {
    case 'complex64':
      return new Float32Array(buffer, memoryOffset, 2 * size);
    case 'float32':
      return new Float32Array(buffer, memoryOffset, size);
    case 'int32':
      return new Int32Array(buffer, memoryOffset, size);
    case 'bool':
      return new Uint8Array(buffer, memoryOffset, size);
    default:
      throw new Error(`no heap view for dtype ${info.dtype}`);
  }
}

/** Throws unless a kernel input has the dtype the kernel reads. */
export function expectDtype(info: TensorInfo, dtype: 'float32' | 'complex64', kernel: string): void {
  if (info.dtype !== dtype) throw new Error(`${kernel} needs a ${dtype} input, got ${info.dtype}`);
}

/** Teaches one BackendWasm instance to read complex64 (idempotent). */
export function installComplexStorage(backendArg: unknown): void {
  const backend = backendArg as BackendWasm & { [installed]?: true };
  if (backend[installed]) return;
  const readSync = backend.readSync.bind(backend);
  const typedArrayFromHeap = backend.typedArrayFromHeap.bind(backend);
  backend.readSync = (dataId, start, end) => {
    const data = backend.dataIdMap.get(dataId);
    if (data?.dtype !== 'complex64') return readSync(dataId, start, end);
    const size = sizeOf(data.shape);
    const from = start ?? 0;
    const to = end ?? size;
    // A copy (slice), like the stock readSync: heap views die when the heap grows.
    return new Float32Array(heap(backend), data.memoryOffset + 8 * from, 2 * (to - from)).slice();
  };
  backend.typedArrayFromHeap = (info) =>
    info.dtype === 'complex64' ? heapView(backend, info) : typedArrayFromHeap(info);
  backend[installed] = true;
}

interface CpuBackend {
  move(dataId: object, values: unknown, shape: number[], dtype: string, refCount: number): void;
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
  data: { get(dataId: object): { complexTensorInfos?: { real: TensorInfo; imag: TensorInfo } } };
}

/**
 * Teaches one cpu backend instance to take complex64 tensors over from another backend
 * (engine.moveData hands over interleaved values): the stock move stores them as they come,
 * without the separate real and imaginary tensors its complex kernels read (idempotent).
 */
export function installCpuComplexMove(backendArg: unknown): void {
  const backend = backendArg as CpuBackend & { [installed]?: true };
  if (backend[installed]) return;
  const move = backend.move.bind(backend);
  backend.move = (dataId, values, shape, dtype, refCount) => {
    if (dtype !== 'complex64' || !(values instanceof Float32Array)) {
      move(dataId, values, shape, dtype, refCount);
      return;
    }
    const size = values.length / 2;
    const re = new Float32Array(size);
    const im = new Float32Array(size);
    for (let i = 0; i < size; i++) {
      re[i] = values[2 * i];
      im[i] = values[2 * i + 1];
    }
    move(dataId, null, shape, dtype, refCount);
    backend.data.get(dataId).complexTensorInfos = {
      real: backend.makeTensorInfo(shape, 'float32', re),
      imag: backend.makeTensorInfo(shape, 'float32', im),
    };
  };
  backend[installed] = true;
}
