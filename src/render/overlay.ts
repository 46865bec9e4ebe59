/**
 * A heatmap laid over the input: the input in grey (or colour) underneath, the attribution
 * on top with a given opacity, scaled by a percentile of its magnitudes (values beyond it
 * saturate). Also the single-map picture with the same scaling, so grids can show both.
 */
import type { ColormapName } from './colormaps.ts';
import { heatmap, type RgbImage, scaleTop } from './heatmap.ts';
import type { Map2d } from './maps.ts';
import { applySign, SIGN_COLORMAPS, type Sign } from './signs.ts';

export interface AttributionPictureOptions {
  /** default 'all' */
  sign?: Sign;
  /** default: diverging for 'all', magma otherwise */
  colormap?: ColormapName;
  /** percentile (0–100) of the shown magnitudes that maps to the end of the scale; default 99 */
  clipPercentile?: number;
  /** the value at the end of the scale, overriding the percentile (one scale for several maps) */
  top?: number;
}

export interface OverlayOptions extends AttributionPictureOptions {
  /** opacity of the heatmap over the input, 0–1; default 0.6 */
  opacity?: number;
}

export const OVERLAY_DEFAULTS = { sign: 'all', clipPercentile: 99, opacity: 0.6 } as const;

export interface AttributionPicture {
  image: RgbImage;
  colormap: ColormapName;
  /** the value at the end of the colour scale (the other end is −top for 'all', else 0) */
  top: number;
}

/** The end of the colour scale shared by several maps: the percentile over all their shown values. */
export function sharedTop(maps: readonly Map2d[], opts: AttributionPictureOptions = {}): number {
  const sign = opts.sign ?? OVERLAY_DEFAULTS.sign;
  const all = maps.flatMap((m) => Array.from(applySign(m.values, sign)));
  return scaleTop(all, (opts.clipPercentile ?? OVERLAY_DEFAULTS.clipPercentile) / 100);
}

/** The map alone, coloured by its sign's scale. */
export function attributionPicture(map: Map2d, opts: AttributionPictureOptions = {}): AttributionPicture {
  const sign = opts.sign ?? OVERLAY_DEFAULTS.sign;
  const colormap = opts.colormap ?? SIGN_COLORMAPS[sign];
  const shown = applySign(map.values, sign);
  const top = opts.top ?? scaleTop(shown, (opts.clipPercentile ?? OVERLAY_DEFAULTS.clipPercentile) / 100);
  return { image: heatmap(shown, map.height, map.width, { colormap, top }), colormap, top };
}

/** `base` (the input, same size as the map) with the map blended over it. */
export function overlay(base: RgbImage, map: Map2d, opts: OverlayOptions = {}): AttributionPicture {
  if (base.width !== map.width || base.height !== map.height)
    throw new RangeError(`overlay: image ${base.width}x${base.height} vs map ${map.width}x${map.height}`);
  const pic = attributionPicture(map, opts);
  const a = Math.min(1, Math.max(0, opts.opacity ?? OVERLAY_DEFAULTS.opacity));
  const data = new Uint8Array(base.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.round((1 - a) * base.data[i] + a * pic.image.data[i]);
  return { ...pic, image: { width: base.width, height: base.height, data } };
}
