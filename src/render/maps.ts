/**
 * One attribution (one example, flat, in the model's layout) as a 2-D map for pictures:
 * images [H,W,C] / [C,H,W] sum their channels (signed, as Captum's visualize_image_attr
 * does), 2-D values are drawn as they are, anything else as a one-row strip.
 */
export interface Map2d {
  values: Float64Array;
  height: number;
  width: number;
}

export function attributionMap(
  values: ArrayLike<number>,
  shape: readonly number[],
  layout: 'nhwc' | 'nchw',
): Map2d {
  if (shape.length === 3) {
    const [h, w, c] = layout === 'nchw' ? [shape[1], shape[2], shape[0]] : shape;
    const out = new Float64Array(h * w);
    for (let p = 0; p < h * w; p++) {
      let s = 0;
      for (let k = 0; k < c; k++) s += values[layout === 'nchw' ? k * h * w + p : p * c + k];
      out[p] = s;
    }
    return { values: out, height: h, width: w };
  }
  if (shape.length === 2) return { values: Float64Array.from(values), height: shape[0], width: shape[1] };
  return { values: Float64Array.from(values), height: 1, width: values.length };
}

/** Nearest-neighbour resize of a map (a 7x7 Grad-CAM map onto a 28x28 input shows its cells as blocks). */
export function resizeNearest(map: Map2d, height: number, width: number): Map2d {
  if (map.height === height && map.width === width) return map;
  const out = new Float64Array(height * width);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(map.height - 1, Math.floor((y * map.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(map.width - 1, Math.floor((x * map.width) / width));
      out[y * width + x] = map.values[sy * map.width + sx];
    }
  }
  return { values: out, height, width };
}
