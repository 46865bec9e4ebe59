/**
 * CropAndResizeGradImage (TensorFlow's kernel of that name; tfjs has none): the gradient of
 * CropAndResize with respect to the image. The crop is linear in the image, so this is the
 * transpose of the sampling: each output gradient grads[b, y, x, c] is added back to the
 * pixels its sample read, with the same bilinear weights (or to the one nearest pixel).
 * Samples that took the extrapolation value read no pixel and add nothing. Boxes whose
 * index is outside the batch are skipped, as the forward kernels skip them.
 *   grads [N, cropH, cropW, C], boxes [N, 4], boxInd [N] -> [B, H, W, C] (attr imageShape)
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { type CropAttrs, inside, sampleAxis } from './crop_geometry.ts';
import { Host } from './host.ts';

export function cropAndResizeGradImageHost(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { grads, boxes, boxInd } = inputs as { grads: TensorInfo; boxes: TensorInfo; boxInd: TensorInfo };
    const { imageShape, method } = attrs as unknown as CropAttrs & { imageShape: number[] };
    const [batch, h, w, c] = imageShape;
    const [numBoxes, cropH, cropW] = grads.shape;
    const host = new Host(backend, backendName);
    const out = host.zeros([batch, h, w, c], 'float32');
    const g = host.view(grads);
    const bx = host.view(boxes);
    const bi = host.view(boxInd);
    const o = host.view(out);
    // Flat offset of pixel (b, row, col); channels follow contiguously.
    const px = (b: number, row: number, col: number) => ((b * h + row) * w + col) * c;
    for (let n = 0; n < numBoxes; n++) {
      const b = bi[n];
      if (b < 0 || b >= batch) continue;
      const ys = sampleAxis(bx[4 * n], bx[4 * n + 2], h, cropH).at;
      const xs = sampleAxis(bx[4 * n + 1], bx[4 * n + 3], w, cropW).at;
      for (let y = 0; y < cropH; y++) {
        const iy = ys[y];
        if (!inside(iy, h)) continue;
        for (let x = 0; x < cropW; x++) {
          const ix = xs[x];
          if (!inside(ix, w)) continue;
          const gi = ((n * cropH + y) * cropW + x) * c;
          if (method === 'nearest') {
            const p = px(b, Math.round(iy), Math.round(ix));
            for (let k = 0; k < c; k++) o[p + k] += g[gi + k];
            continue;
          }
          const [top, bottom, left, right] = [Math.floor(iy), Math.ceil(iy), Math.floor(ix), Math.ceil(ix)];
          const yl = iy - top;
          const xl = ix - left;
          const [tl, tr, bl, br] = [
            px(b, top, left),
            px(b, top, right),
            px(b, bottom, left),
            px(b, bottom, right),
          ];
          // out = (1-yl)*((1-xl)*TL + xl*TR) + yl*((1-xl)*BL + xl*BR)
          const [wtl, wtr, wbl, wbr] = [(1 - yl) * (1 - xl), (1 - yl) * xl, yl * (1 - xl), yl * xl];
          for (let k = 0; k < c; k++) {
            const d = g[gi + k];
            o[tl + k] += wtl * d;
            o[tr + k] += wtr * d;
            o[bl + k] += wbl * d;
            o[br + k] += wbr * d;
          }
        }
      }
    }
    return out;
  };
}

export const cropAndResizeGradImageKernels: KernelConfig[] = ['wasm', 'cpu'].map((backendName) => ({
  kernelName: 'CropAndResizeGradImage',
  backendName,
  kernelFunc: cropAndResizeGradImageHost(backendName),
}));
