/**
 * Where CropAndResize samples the image, exactly as its forward kernels compute it
 * (tfjs-backend-cpu CropAndResize.ts, after TensorFlow's crop_and_resize_op.cc): output row
 * y of a box [y1, x1, y2, x2] (normalized) reads image row
 *   in_y = y1*(H-1) + y*(y2-y1)*(H-1)/(cropH-1)      (cropH > 1)
 *   in_y = (y1+y2)/2 * (H-1)                          (cropH = 1)
 * and likewise for columns; samples outside [0, H-1] x [0, W-1] take the extrapolation value.
 */

export interface Axis {
  /** image coordinate of each output row (or column) */
  at: Float64Array;
  /** d at / d (y1 or x1) and d at / d (y2 or x2) for each output row (or column) */
  dLo: Float64Array;
  dHi: Float64Array;
}

/** Sample positions along one axis of image length `len` for `crop` outputs from lo to hi. */
export function sampleAxis(lo: number, hi: number, len: number, crop: number): Axis {
  const at = new Float64Array(crop);
  const dLo = new Float64Array(crop);
  const dHi = new Float64Array(crop);
  const span = len - 1;
  if (crop > 1) {
    const scale = ((hi - lo) * span) / (crop - 1);
    const ratio = span / (crop - 1);
    for (let i = 0; i < crop; i++) {
      at[i] = lo * span + i * scale;
      dLo[i] = span - i * ratio;
      dHi[i] = i * ratio;
    }
  } else {
    at[0] = 0.5 * (lo + hi) * span;
    dLo[0] = 0.5 * span;
    dHi[0] = 0.5 * span;
  }
  return { at, dLo, dHi };
}

/** Whether a sample position lies inside an axis of length len (else: extrapolation value). */
export function inside(at: number, len: number): boolean {
  return !(at < 0 || at > len - 1);
}

export type CropMethod = 'bilinear' | 'nearest';

export interface CropAttrs {
  method: CropMethod;
}
