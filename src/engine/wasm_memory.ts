/**
 * A guard on the wasm backend's allocations. tfjs-backend-wasm 4.22 passes a tensor's byte
 * count to malloc as a 32-bit int and does not check the result: a tensor of 4 GB or more
 * wraps to a small block, and a failed malloc returns 0, and either way the tensor is then
 * written over memory it does not own (found by fuzzing the ONNX importer: a convolution
 * with an absurd dilation corrupted the heap, and the next upload trapped with "memory
 * access out of bounds"). Installed on the wasm backend by initEngine, the guard refuses
 * such a tensor with a GlassboxError before anything is written.
 */
import { GlassboxError } from '../messages.ts';

/** wasm32 memory is at most 4 GB (less 64 KB); no one tensor can take more than that. */
const HEAP_MAX = 4294901760;
const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };
const installed = Symbol('glassbox.allocationGuard');

interface WasmLike {
  move(dataId: object, values: unknown, shape: number[], dtype: string, refCount: number): void;
  dataIdMap: {
    get(dataId: object): { id: number; memoryOffset: number | null } | undefined;
    delete(dataId: object): void;
  };
  wasm: { tfjs: { disposeData(id: number): void } };
  [installed]?: true;
}

const gb = (n: number) =>
  n >= 2 ** 30
    ? `${(n / 2 ** 30).toFixed(2)} GB`
    : n >= 2 ** 20
      ? `${(n / 2 ** 20).toFixed(1)} MB`
      : `${n} bytes`;

/** The most bytes one tensor may take now (withAllocationLimit lowers it for a while). */
let limit = HEAP_MAX;

/**
 * Runs `fn` with tensors of more than `bytes` refused (a GlassboxError, thrown when the
 * tensor is allocated, before a kernel computes it): for work that must stay small, such
 * as constant folding at import, which would otherwise spend seconds on a tensor it then
 * drops. Only the wasm backend (where the guard is installed) enforces it.
 */
export function withAllocationLimit<T>(bytes: number, fn: () => T): T {
  const before = limit;
  limit = Math.min(before, bytes);
  try {
    return fn();
  } finally {
    limit = before;
  }
}

export function installAllocationGuard(backendArg: unknown): void {
  const backend = backendArg as WasmLike;
  if (backend[installed]) return;
  const move = backend.move.bind(backend);
  backend.move = (dataId, values, shape, dtype, refCount) => {
    const bytes = shape.reduce((a, b) => a * b, 1) * (BYTES[dtype] ?? 0);
    if (!(bytes < HEAP_MAX))
      throw new GlassboxError(
        `a ${dtype} tensor of shape [${shape}] needs ${gb(bytes)}, more than the engine's memory can hold (4 GB)`,
      );
    if (bytes > limit)
      throw new GlassboxError(
        `a ${dtype} tensor of shape [${shape}] needs ${gb(bytes)}, more than ${gb(limit)} allowed here`,
      );
    move(dataId, values, shape, dtype, refCount);
    const info = backend.dataIdMap.get(dataId);
    if (bytes > 0 && info?.memoryOffset === 0) {
      backend.wasm.tfjs.disposeData(info.id);
      backend.dataIdMap.delete(dataId);
      throw new GlassboxError(
        `out of memory: the engine could not allocate ${gb(bytes)} for a tensor of shape [${shape}]`,
      );
    }
  };
  backend[installed] = true;
}
