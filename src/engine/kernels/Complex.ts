/**
 * The complex64 element kernels for wasm (none exist in tfjs-backend-wasm 4.22): Complex packs
 * two float32 tensors into interleaved (re, im) pairs (see complex_storage.ts), Real and Imag
 * unpack one half, ComplexAbs is |z| = hypot(re, im) like the cpu kernel.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { expectDtype, heapView, installComplexStorage, sizeOf } from './complex_storage.ts';

const complex: KernelFunc = ({ inputs, backend }) => {
  const { real, imag } = inputs as { real: TensorInfo; imag: TensorInfo };
  if (real.dtype === 'complex64' || imag.dtype === 'complex64') throw new Error('Complex needs real inputs');
  const b = backend as BackendWasm;
  const out = b.makeOutput(real.shape.slice(), 'complex64');
  const re = heapView(b, real);
  const im = heapView(b, imag);
  const o = heapView(b, out);
  for (let i = 0; i < re.length; i++) {
    o[2 * i] = re[i];
    o[2 * i + 1] = im[i];
  }
  return out;
};

/** Real (part 0) or Imag (part 1) of a complex input: [S] complex64 -> [S] float32. */
function part(which: 0 | 1): KernelFunc {
  return ({ inputs, backend }) => {
    const { input } = inputs as { input: TensorInfo };
    expectDtype(input, 'complex64', which === 0 ? 'Real' : 'Imag');
    const b = backend as BackendWasm;
    const out = b.makeOutput(input.shape.slice(), 'float32');
    const z = heapView(b, input);
    const o = heapView(b, out);
    const n = sizeOf(input.shape);
    for (let i = 0; i < n; i++) o[i] = z[2 * i + which];
    return out;
  };
}

const complexAbs: KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as { x: TensorInfo };
  expectDtype(x, 'complex64', 'ComplexAbs');
  const b = backend as BackendWasm;
  const out = b.makeOutput(x.shape.slice(), 'float32');
  const z = heapView(b, x);
  const o = heapView(b, out);
  const n = sizeOf(x.shape);
  for (let i = 0; i < n; i++) o[i] = Math.hypot(z[2 * i], z[2 * i + 1]);
  return out;
};

function wasmKernel(kernelName: string, kernelFunc: KernelFunc): KernelConfig {
  return { kernelName, backendName: 'wasm', kernelFunc, setupFunc: installComplexStorage };
}

export const complexWasm = wasmKernel('Complex', complex);
export const realWasm = wasmKernel('Real', part(0));
export const imagWasm = wasmKernel('Imag', part(1));
export const complexAbsWasm = wasmKernel('ComplexAbs', complexAbs);
