/**
 * Every kernel and gradient Glassbox adds to TensorFlow.js, and the self-checks that
 * `glassbox doctor` runs for them.
 */
import type { GradConfig, KernelConfig } from '@tensorflow/tfjs';
import { tf } from '../tf.ts';
import { conv2DBackpropFilterWasm } from './Conv2DBackpropFilter.ts';
import { conv2DBackpropInputWasm } from './Conv2DBackpropInput.ts';
import type { KernelCheck } from './check.ts';
import { checks as convChecks } from './checks_conv.ts';

/** Kernels we add; `replaces` marks one that overrides a slower stock kernel. */
export const KERNELS: readonly (KernelConfig & { replaces?: boolean })[] = [
  { ...conv2DBackpropInputWasm, replaces: true },
  conv2DBackpropFilterWasm,
];

export const GRADIENTS: readonly GradConfig[] = [];

export const CHECKS: readonly KernelCheck[] = [...convChecks];

export function registerKernels(): void {
  for (const k of KERNELS) {
    if (tf.getKernel(k.kernelName, k.backendName) != null) {
      if (!k.replaces) continue;
      tf.unregisterKernel(k.kernelName, k.backendName);
    }
    tf.registerKernel(k);
  }
  for (const g of GRADIENTS) {
    if (tf.getGradient(g.kernelName) != null) tf.unregisterGradient(g.kernelName);
    tf.registerGradient(g);
  }
}
