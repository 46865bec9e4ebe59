/**
 * RISE (Petsiuk, Das & Saenko 2018, "RISE: Randomized Input Sampling for Explanation of
 * Black-box Models", BMVC): the saliency of a position is the expected target score over
 * random soft masks, given the position is kept, estimated as Σₖ f(x ⊙ Mₖ + b ⊙ (1 − Mₖ)) Mₖ / (N p).
 * Each mask is a binary grid of cells (each 1 with probability p), upsampled bilinearly to
 * (cells + 1) × cellSize and cropped at a random shift of up to one cell, as in the paper.
 * With the default baseline 0 the perturbed input is the paper's x ⊙ M.
 */
import { Rng } from '../../engine/rng.ts';
import type { Tensor } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import type { Attribution } from './base.ts';
import { intOption, numberOption, type PerturbationOptions, sizeOption, withPerturber } from './perturb.ts';

export interface RiseOptions extends PerturbationOptions {
  /** random masks per example, N (default 1000; the paper used 4000 on ImageNet) */
  masks?: number;
  /** positions per mask cell, n for n×n (default: ⌈H/7⌉×⌈W/7⌉, a 7×7 grid as in the paper) */
  cellSize?: number | readonly [number, number];
  /** probability that a cell is kept (default 0.5, as in the paper) */
  p?: number;
  /** seed of the masks; every example uses the same masks (default 0) */
  seed?: number;
}

/** Draws mask after mask [H·W] from `rng`: the same seed gives the same sequence. */
export function riseMasks(H: number, W: number, cell: [number, number], p: number, rng: Rng) {
  const [ch, cw] = cell;
  const gh = Math.ceil(H / ch);
  const gw = Math.ceil(W / cw);
  const grid = new Float32Array(gh * gw);
  // bilinear taps of the upsampled canvas [(gh+1)·ch, (gw+1)·cw], half-pixel centres, edges clamped
  const taps = (cells: number, size: number) => {
    const lo = new Int32Array(size);
    const hi = new Int32Array(size);
    const t = new Float32Array(size);
    for (let Y = 0; Y < size; Y++) {
      const u = Math.min(cells - 1, Math.max(0, ((Y + 0.5) * cells) / size - 0.5));
      lo[Y] = Math.floor(u);
      hi[Y] = Math.min(cells - 1, lo[Y] + 1);
      t[Y] = u - lo[Y];
    }
    return { lo, hi, t };
  };
  const ry = taps(gh, (gh + 1) * ch);
  const rx = taps(gw, (gw + 1) * cw);
  return (mask: Float32Array) => {
    for (let g = 0; g < grid.length; g++) grid[g] = rng.next() < p ? 1 : 0;
    const dy = rng.int(ch);
    const dx = rng.int(cw);
    for (let y = 0; y < H; y++) {
      const Y = y + dy;
      const [a, b, ty] = [ry.lo[Y] * gw, ry.hi[Y] * gw, ry.t[Y]];
      for (let x = 0; x < W; x++) {
        const X = x + dx;
        const [l, r, tx] = [rx.lo[X], rx.hi[X], rx.t[X]];
        const top = grid[a + l] + (grid[a + r] - grid[a + l]) * tx;
        const bottom = grid[b + l] + (grid[b + r] - grid[b + l]) * tx;
        mask[y * W + x] = top + (bottom - top) * ty;
      }
    }
  };
}

/** RISE saliency of each example: values shaped like `x`, the same at every channel of a position. */
export async function rise(model: Model, x: Tensor, opts: RiseOptions = {}): Promise<Attribution> {
  const N = intOption('masks', opts.masks, 1000);
  const seed = intOption('seed', opts.seed, 0, 0);
  const prob = numberOption('p', opts.p, 0.5, (v) => v > 0 && v < 1, 'a probability in (0, 1)');
  return withPerturber(model, x, opts, 'rise', async (pt) => {
    const { H, W } = pt.geo;
    const cell = sizeOption('cellSize', opts.cellSize ?? [Math.ceil(H / 7), Math.ceil(W / 7)], pt.geo);
    pt.total = pt.n * N;
    const out = new Float64Array(pt.n * H * W);
    const mask = new Float32Array(H * W);
    for (let i = 0; i < pt.n; i++) {
      const draw = riseMasks(H, W, cell, prob, new Rng(seed));
      const scores = await pt.score(i, N, (_k, keep) => draw(keep));
      // the same masks again, in the same order, to weight them by their scores
      const again = riseMasks(H, W, cell, prob, new Rng(seed));
      for (let k = 0; k < N; k++) {
        again(mask);
        const s = scores[k] / (N * prob);
        for (let q = 0; q < H * W; q++) out[i * H * W + q] += s * mask[q];
      }
    }
    return { values: pt.values(out), meta: pt.meta('rise', { masks: N, cellSize: cell, p: prob }, seed) };
  });
}
