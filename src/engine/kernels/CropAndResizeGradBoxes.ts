/**
 * CropAndResizeGradBoxes (TensorFlow's kernel of that name; tfjs has none): the gradient of
 * CropAndResize with respect to the box corners [y1, x1, y2, x2]. Bilinear sampling, by the
 * chain rule through the sample position (as TensorFlow's CropAndResizeBackpropBoxes):
 *   d out / d in_y = (1-xl)*(BL-TL) + xl*(BR-TR),   d out / d in_x = (1-yl)*(TR-TL) + yl*(BR-BL)
 *   d in_y / d y1 = (H-1) - y*(H-1)/(cropH-1),       d in_y / d y2 = y*(H-1)/(cropH-1)
 * (both (H-1)/2 when cropH = 1), likewise for x. Bilinear interpolation has kinks where a
 * sample crosses a pixel row or column; a sample exactly on a row has top = bottom and its
 * derivative along y is taken as 0, as in TensorFlow.
 * Extrapolated samples are constant in the box and add nothing.
 * Nearest sampling is piecewise constant in the box, so its gradient is zero almost
 * everywhere and this kernel returns zeros; TensorFlow's kernel supports only 'bilinear'
 * and its Python gradient applies the bilinear formula whatever the forward method.
 *   grads [N, cropH, cropW, C], image [B, H, W, C], boxes [N, 4], boxInd [N] -> [N, 4]
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { type CropAttrs, inside, sampleAxis } from './crop_geometry.ts';
import { Host } from './host.ts';

export function cropAndResizeGradBoxesHost(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { grads, image, boxes, boxInd } = inputs as {
      grads: TensorInfo;
      image: TensorInfo;
      boxes: TensorInfo;
      boxInd: TensorInfo;
    };
    const { method } = attrs as unknown as CropAttrs;
    const [batch, h, w, c] = image.shape;
    const [numBoxes, cropH, cropW] = grads.shape;
    const host = new Host(backend, backendName);
    const out = host.zeros([numBoxes, 4], 'float32');
    if (method === 'nearest') return out;
    const g = host.view(grads);
    const img = host.view(image);
    const bx = host.view(boxes);
    const bi = host.view(boxInd);
    const o = host.view(out);
    const px = (b: number, row: number, col: number) => ((b * h + row) * w + col) * c;
    for (let n = 0; n < numBoxes; n++) {
      const b = bi[n];
      if (b < 0 || b >= batch) continue;
      const ys = sampleAxis(bx[4 * n], bx[4 * n + 2], h, cropH);
      const xs = sampleAxis(bx[4 * n + 1], bx[4 * n + 3], w, cropW);
      // d loss / d [y1, x1, y2, x2], accumulated in float64
      let dy1 = 0;
      let dx1 = 0;
      let dy2 = 0;
      let dx2 = 0;
      for (let y = 0; y < cropH; y++) {
        const iy = ys.at[y];
        if (!inside(iy, h)) continue;
        const [top, bottom] = [Math.floor(iy), Math.ceil(iy)];
        const yl = iy - top;
        for (let x = 0; x < cropW; x++) {
          const ix = xs.at[x];
          if (!inside(ix, w)) continue;
          const [left, right] = [Math.floor(ix), Math.ceil(ix)];
          const xl = ix - left;
          const [tl, tr, bl, br] = [
            px(b, top, left),
            px(b, top, right),
            px(b, bottom, left),
            px(b, bottom, right),
          ];
          const gi = ((n * cropH + y) * cropW + x) * c;
          // sum over channels of grads * d out / d in_y (and in_x)
          let gy = 0;
          let gx = 0;
          for (let k = 0; k < c; k++) {
            const d = g[gi + k];
            gy += d * ((1 - xl) * (img[bl + k] - img[tl + k]) + xl * (img[br + k] - img[tr + k]));
            gx += d * ((1 - yl) * (img[tr + k] - img[tl + k]) + yl * (img[br + k] - img[bl + k]));
          }
          dy1 += gy * ys.dLo[y];
          dy2 += gy * ys.dHi[y];
          dx1 += gx * xs.dLo[x];
          dx2 += gx * xs.dHi[x];
        }
      }
      o[4 * n] = dy1;
      o[4 * n + 1] = dx1;
      o[4 * n + 2] = dy2;
      o[4 * n + 3] = dx2;
    }
    return out;
  };
}

export const cropAndResizeGradBoxesKernels: KernelConfig[] = ['wasm', 'cpu'].map((backendName) => ({
  kernelName: 'CropAndResizeGradBoxes',
  backendName,
  kernelFunc: cropAndResizeGradBoxesHost(backendName),
}));
