/**
 * Every kernel and gradient Glassbox adds to TensorFlow.js, and the self-checks that
 * `glassbox doctor` runs for them.
 */
import type { GradConfig, KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import { tf } from '../tf.ts';
import { avgPoolGradWrapper } from './AvgPoolGrad.ts';
import { batchMatMulWrapper } from './BatchMatMul.ts';
import { complexAbsWasm, complexWasm, imagWasm, realWasm } from './Complex.ts';
import { conv2DBackpropFilterWasm } from './Conv2DBackpropFilter.ts';
import { conv2DBackpropInputWasm } from './Conv2DBackpropInput.ts';
import { conv3DBackpropInputV2Wasm } from './Conv3DBackpropInputV2.ts';
import { cropAndResizeGrad } from './CropAndResize_grad.ts';
import { cropAndResizeGradBoxesKernels } from './CropAndResizeGradBoxes.ts';
import { cropAndResizeGradImageKernels } from './CropAndResizeGradImage.ts';
import type { KernelCheck } from './check.ts';
import { checks as complexChecks } from './checks_complex.ts';
import { checks as convChecks } from './checks_conv.ts';
import { checks as denseChecks } from './checks_dense_pool.ts';
import { checks as depthwiseChecks } from './checks_depthwise.ts';
import { checks as gradChecks } from './checks_grads.ts';
import { checks as imageChecks } from './checks_image.ts';
import { checks as replacedChecks } from './checks_replaced.ts';
import { checks as segmentBatchNormChecks } from './checks_segment_batchnorm.ts';
import { complexWrappers } from './complex_ops.ts';
import { admitComplexGradients } from './complex_tape.ts';
import { cumprodGrad, cumsumGrad, cumulativeAxisWrapper } from './cumulative.ts';
import { depthwiseConv2dNativeBackpropFilterWasm } from './DepthwiseConv2dNativeBackpropFilter.ts';
import { depthwiseConv2dNativeBackpropInputWasm } from './DepthwiseConv2dNativeBackpropInput.ts';
import { dilation2DWasm } from './Dilation2D.ts';
import { dilation2DBackpropFilterWasm } from './Dilation2DBackpropFilter.ts';
import { dilation2DBackpropInputWasm } from './Dilation2DBackpropInput.ts';
import { fftWasm, ifftWasm } from './FFT.ts';
import { fusedBatchNormWrapper } from './FusedBatchNorm.ts';
import { complexGradients } from './grads_complex.ts';
import {
  depthToSpaceGrad,
  flipLeftRightGrad,
  gatherNdGrad,
  scatterNdGrad,
  topKGrad,
} from './grads_indexing.ts';
import { notDifferentiableGrads } from './grads_not_differentiable.ts';
import { identityWasm } from './Identity.ts';
import { maxPoolGradWasm } from './MaxPoolGrad.ts';
import { mirrorPadGrad } from './MirrorPad_grad.ts';
import { oneHotWrapper } from './OneHot.ts';
import { resizeBilinearGradWrapper } from './ResizeBilinearGrad.ts';
import { resizeNearestNeighborGradKernels } from './ResizeNearestNeighborGrad.ts';
import { rfftKernels } from './RFFT.ts';
import { rotateWithOffsetGrad, rotateWithOffsetGradKernels } from './RotateWithOffsetGrad.ts';
import { stridedSliceGrad, stridedSliceWrapper } from './StridedSlice.ts';
import { unsortedSegmentSumWasm } from './UnsortedSegmentSum.ts';

/** Kernels we add; `replaces` marks one that overrides a slower or wrong stock kernel. */
export const KERNELS: readonly (KernelConfig & { replaces?: boolean })[] = [
  { ...conv2DBackpropInputWasm, replaces: true },
  { ...identityWasm, replaces: true },
  conv2DBackpropFilterWasm,
  { ...maxPoolGradWasm, replaces: true },
  depthwiseConv2dNativeBackpropInputWasm,
  depthwiseConv2dNativeBackpropFilterWasm,
  unsortedSegmentSumWasm,
  { ...conv3DBackpropInputV2Wasm, replaces: true },
  { ...dilation2DWasm, replaces: true },
  { ...dilation2DBackpropInputWasm, replaces: true },
  { ...dilation2DBackpropFilterWasm, replaces: true },
  ...resizeNearestNeighborGradKernels,
  ...cropAndResizeGradImageKernels,
  ...cropAndResizeGradBoxesKernels,
  ...rotateWithOffsetGradKernels,
  complexWasm,
  realWasm,
  imagWasm,
  complexAbsWasm,
  fftWasm,
  ifftWasm,
  ...rfftKernels,
];

/** Stock kernels we wrap (call through to) to avoid their slow paths or fix their results. */
export const WRAPPERS: readonly {
  kernelName: string;
  backendName: string;
  wrap: (stock: KernelFunc) => KernelFunc;
}[] = [
  { kernelName: 'BatchMatMul', backendName: 'wasm', wrap: batchMatMulWrapper },
  { kernelName: 'FusedBatchNorm', backendName: 'wasm', wrap: fusedBatchNormWrapper },
  { kernelName: 'FusedBatchNorm', backendName: 'cpu', wrap: fusedBatchNormWrapper },
  ...['Cumsum', 'Cumprod'].flatMap((kernelName) =>
    ['wasm', 'cpu'].map((backendName) => ({ kernelName, backendName, wrap: cumulativeAxisWrapper })),
  ),
  ...['wasm', 'cpu'].map((backendName) => ({
    kernelName: 'StridedSlice',
    backendName,
    wrap: stridedSliceWrapper(backendName),
  })),
  ...['wasm', 'cpu'].flatMap((backendName) => [
    { kernelName: 'AvgPoolGrad', backendName, wrap: avgPoolGradWrapper(backendName, 2) },
    { kernelName: 'AvgPool3DGrad', backendName, wrap: avgPoolGradWrapper(backendName, 3) },
    { kernelName: 'ResizeBilinearGrad', backendName, wrap: resizeBilinearGradWrapper(backendName) },
  ]),
  { kernelName: 'OneHot', backendName: 'wasm', wrap: oneHotWrapper('wasm') },
  ...complexWrappers,
];

export const GRADIENTS: readonly GradConfig[] = [
  ...complexGradients,
  cropAndResizeGrad,
  rotateWithOffsetGrad,
  cumsumGrad,
  cumprodGrad,
  gatherNdGrad,
  scatterNdGrad,
  topKGrad,
  flipLeftRightGrad,
  depthToSpaceGrad,
  stridedSliceGrad,
  mirrorPadGrad,
  ...notDifferentiableGrads,
];

export const CHECKS: readonly KernelCheck[] = [
  ...convChecks,
  ...denseChecks,
  ...complexChecks,
  ...depthwiseChecks,
  ...segmentBatchNormChecks,
  ...imageChecks,
  ...gradChecks,
  ...replacedChecks,
];

export function registerKernels(): void {
  for (const w of WRAPPERS) {
    const stock = tf.getKernel(w.kernelName, w.backendName);
    if (stock == null) continue;
    tf.unregisterKernel(w.kernelName, w.backendName);
    tf.registerKernel({ ...stock, kernelFunc: w.wrap(stock.kernelFunc) });
  }
  for (const k of KERNELS) {
    if (tf.getKernel(k.kernelName, k.backendName) != null) {
      if (!k.replaces) continue;
      tf.unregisterKernel(k.kernelName, k.backendName);
    }
    tf.registerKernel(k);
  }
  // Complex gradients (grads_complex.ts) need a tape that admits complex64 gradients.
  admitComplexGradients();
  for (const g of GRADIENTS) {
    if (tf.getGradient(g.kernelName) != null) tf.unregisterGradient(g.kernelName);
    tf.registerGradient(g);
  }
}
