/**
 * Occlusion (Zeiler & Fergus 2014, "Visualizing and Understanding Convolutional Networks",
 * ECCV): slide a window over the image, replace what it covers (all channels) by the
 * baseline, and record the drop of the target score f(x) − f(x occluded). As in Captum, the
 * first window sits at the corner (0, 0), windows step by `stride` until the last one
 * reaches the border (it may be cut off there), and a position covered by several windows
 * gets the mean of their drops.
 */
import type { Tensor } from '../../engine/tf.ts';
import { GlassboxError, msg } from '../../messages.ts';
import type { Model } from '../../model/model.ts';
import type { Attribution } from './base.ts';
import { type PerturbationOptions, sizeOption, withPerturber } from './perturb.ts';

export interface OcclusionOptions extends PerturbationOptions {
  /** window height and width in positions, n for n×n (default: ⌈H/7⌉×⌈W/7⌉, 4×4 on 28×28) */
  window?: number | readonly [number, number];
  /** step between windows, at most the window (default: half the window, rounded up) */
  stride?: number | readonly [number, number];
}

/** Start positions along one dimension: 0, s, 2s, … until a window reaches the end. */
export function windowStarts(size: number, window: number, stride: number): number[] {
  const count = Math.ceil((size - window) / stride) + 1;
  return Array.from({ length: count }, (_, k) => k * stride);
}

/** Occlusion map of each example: values shaped like `x`, the mean score drop of the windows covering each position. */
export async function occlusion(model: Model, x: Tensor, opts: OcclusionOptions = {}): Promise<Attribution> {
  return withPerturber(model, x, opts, 'occlusion', async (p) => {
    const { H, W } = p.geo;
    const win = sizeOption('window', opts.window ?? [Math.ceil(H / 7), Math.ceil(W / 7)], p.geo);
    if (win[0] > H || win[1] > W)
      throw new GlassboxError(msg.windowTooLarge('occlusion window', win, [H, W]));
    const stride = sizeOption('stride', opts.stride ?? [Math.ceil(win[0] / 2), Math.ceil(win[1] / 2)], p.geo);
    if (stride[0] > win[0] || stride[1] > win[1]) {
      throw new GlassboxError(msg.optionInvalid('stride', stride, `at most the window [${win.join(',')}]`));
    }
    const ys = windowStarts(H, win[0], stride[0]);
    const xs = windowStarts(W, win[1], stride[1]);
    const windows = ys.length * xs.length;
    p.total = p.n * windows;
    const out = new Float64Array(p.n * H * W);
    const covered = new Float64Array(H * W);
    for (let i = 0; i < p.n; i++) {
      // keep: 1 outside window k, 0 inside
      const visit = (k: number, f: (pos: number) => void) => {
        const y0 = ys[Math.floor(k / xs.length)];
        const x0 = xs[k % xs.length];
        for (let y = y0; y < Math.min(H, y0 + win[0]); y++) {
          for (let xx = x0; xx < Math.min(W, x0 + win[1]); xx++) f(y * W + xx);
        }
      };
      const scores = await p.score(i, windows, (k, keep) => {
        keep.fill(1);
        visit(k, (pos) => {
          keep[pos] = 0;
        });
      });
      for (let k = 0; k < windows; k++) {
        const drop = p.fx[i] - scores[k];
        visit(k, (pos) => {
          out[i * H * W + pos] += drop;
          if (i === 0) covered[pos]++;
        });
      }
      for (let pos = 0; pos < H * W; pos++) out[i * H * W + pos] /= covered[pos];
    }
    return {
      values: p.values(out),
      meta: p.meta('occlusion', { window: win, stride }),
    };
  });
}
