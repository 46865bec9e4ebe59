/**
 * Which part of a signed attribution to show, as in Captum's visualize_image_attr `sign`:
 * 'all' keeps the sign (diverging scale centred on zero), 'positive' and 'negative' show
 * the magnitude of one side only (the other side becomes 0), 'absolute' shows |v|; the
 * last three on a sequential scale.
 */
import type { ColormapName } from './colormaps.ts';

export type Sign = 'all' | 'positive' | 'negative' | 'absolute';
export const SIGNS: readonly Sign[] = ['all', 'positive', 'negative', 'absolute'];

/** The default colour scale of each sign: diverging for signed values, magma for magnitudes. */
export const SIGN_COLORMAPS: Readonly<Record<Sign, ColormapName>> = {
  all: 'diverging',
  positive: 'magma',
  negative: 'magma',
  absolute: 'magma',
};

/** The values to draw for `sign`: signed for 'all', non-negative magnitudes otherwise. */
export function applySign(values: ArrayLike<number>, sign: Sign): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] =
      sign === 'all'
        ? v
        : sign === 'positive'
          ? Math.max(v, 0)
          : sign === 'negative'
            ? Math.max(-v, 0)
            : Math.abs(v);
  }
  return out;
}
