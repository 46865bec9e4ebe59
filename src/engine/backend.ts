import { createRequire } from 'node:module';
import path from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { GlassboxError } from '../messages.ts';
import { registerKernels } from './kernels/index.ts';
import { tf } from './tf.ts';
import { installAllocationGuard } from './wasm_memory.ts';

export type BackendName = 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['wasm', 'cpu'];

let wasmPathsSet = false;
let kernelsRegistered = false;

function wasmDir(): string {
  const require = createRequire(import.meta.url);
  return `${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`;
}

/** The backend named by `--backend`, else env `GLASSBOX_BACKEND`, else wasm. */
export function resolveBackendName(requested?: string): BackendName {
  const name = requested || process.env.GLASSBOX_BACKEND || 'wasm';
  if (!BACKENDS.includes(name as BackendName)) {
    throw new GlassboxError(`unknown backend '${name}': use one of ${BACKENDS.join(', ')}`);
  }
  return name as BackendName;
}

/**
 * Chooses and initialises the tensor backend (wasm by default) and registers the kernels
 * and gradients Glassbox adds. Safe to call many times.
 */
export async function initEngine(requested?: string): Promise<BackendName> {
  const name = resolveBackendName(requested);
  if (!kernelsRegistered) {
    // PROD silences tfjs's console banners (e.g. "install tfjs-node"), which we cannot use.
    tf.env().set('PROD', true);
    registerKernels();
    kernelsRegistered = true;
  }
  if (name === 'wasm' && !wasmPathsSet) {
    setWasmPaths(wasmDir());
    wasmPathsSet = true;
  }
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`backend '${name}' failed to initialise`);
  }
  await tf.ready();
  if (name === 'wasm') installAllocationGuard(tf.backend());
  return name;
}

export interface EngineInfo {
  backend: string;
  simd: boolean;
  threads: boolean;
  tfjsVersion: string;
}

export function engineInfo(): EngineInfo {
  const isWasm = tf.getBackend() === 'wasm';
  return {
    backend: tf.getBackend(),
    simd: isWasm && tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
    threads: isWasm && tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
    tfjsVersion: tf.version.tfjs,
  };
}
