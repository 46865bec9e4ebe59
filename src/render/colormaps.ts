/**
 * Colour scales, defined once: diverging (RdBu, reversed so positive is red) for signed
 * values, sequential perceptually uniform (viridis, magma) for magnitudes, grey for inputs.
 * Interpolators come from d3-scale-chromatic; we sample them into 256-entry tables.
 */
import { rgb } from 'd3-color';
import { interpolateGreys, interpolateMagma, interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';

export type ColormapName = 'diverging' | 'viridis' | 'magma' | 'grey';

/** 256 x RGB bytes */
export type Lut = Uint8Array;

function sample(f: (t: number) => string): Lut {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const c = rgb(f(i / 255));
    lut.set([Math.round(c.r), Math.round(c.g), Math.round(c.b)], i * 3);
  }
  return lut;
}

const cache = new Map<ColormapName, Lut>();

export function colormap(name: ColormapName): Lut {
  let lut = cache.get(name);
  if (!lut) {
    const f = {
      diverging: (t: number) => interpolateRdBu(1 - t),
      viridis: interpolateViridis,
      magma: interpolateMagma,
      grey: (t: number) => interpolateGreys(1 - t),
    }[name];
    lut = sample(f);
    cache.set(name, lut);
  }
  return lut;
}

/** Is this colormap meant for signed values (centred on zero)? */
export const isDiverging = (name: ColormapName) => name === 'diverging';
