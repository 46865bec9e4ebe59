/**
 * PNG and JPEG images through sharp: decode, turn upright by the EXIF orientation,
 * flatten alpha onto black, resize, convert to 1 (grey) or 3 (RGB) channels, scale to
 * [0, 1], channels last. Grey is the ITU-R
 * BT.601 luma of the 8-bit sRGB values (0.299 R + 0.587 G + 0.114 B), as PIL and
 * torchvision compute it, so models trained through them see the same input.
 */
import sharp, { type OutputInfo } from 'sharp';
import type { NdArray } from './arrays.ts';
import { DataError } from './errors.ts';
import { readFileChecked } from './files.ts';
import * as msg from './messages.ts';

export type Fit = 'fill' | 'contain' | 'cover';

export interface ImageOptions {
  /** 1 grey or 3 RGB; default: 1 for grey images, 3 for colour ones */
  channels?: 1 | 3;
  /** output size; default: the image's own (both or neither) */
  height?: number;
  width?: number;
  /** how to reach height x width: 'fill' stretches, 'contain' pads with black, 'cover' crops; default 'fill' */
  fit?: Fit;
}

/** The image's own size (upright) and channel count (1 or 3, alpha dropped), read from its header. */
export async function imageInfo(
  bytes: Uint8Array,
  path: string,
): Promise<{ height: number; width: number; channels: 1 | 3 }> {
  try {
    const m = await sharp(bytes).metadata();
    const { height, width } = m.autoOrient;
    return { height, width, channels: m.channels <= 2 ? 1 : 3 };
  } catch (err) {
    throw new DataError(msg.imageUnreadable(path, err instanceof Error ? err.message : String(err)));
  }
}

/** Decode image bytes to an NdArray of shape [h, w, channels], values in [0, 1]. */
export async function decodeImage(
  bytes: Uint8Array,
  path = '<buffer>',
  opts: ImageOptions = {},
): Promise<NdArray> {
  const channels = opts.channels ?? (await imageInfo(bytes, path)).channels;
  if (channels !== 1 && channels !== 3) throw new DataError(msg.badChannels(channels));
  let img = sharp(bytes, { autoOrient: true }).flatten({ background: '#000000' });
  if (opts.height !== undefined && opts.width !== undefined) {
    img = img.resize(opts.width, opts.height, { fit: opts.fit ?? 'fill', background: '#000000' });
  }
  let out: { data: Buffer; info: OutputInfo };
  try {
    out = await img.toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new DataError(msg.imageUnreadable(path, err instanceof Error ? err.message : String(err)));
  }
  const { width: w, height: h, channels: c } = out.info;
  const px = out.data;
  const values = new Float32Array(h * w * channels);
  for (let i = 0; i < h * w; i++) {
    const [r, g, b] = c >= 3 ? [px[i * c], px[i * c + 1], px[i * c + 2]] : [px[i * c], px[i * c], px[i * c]];
    if (channels === 3) {
      values[i * 3] = r / 255;
      values[i * 3 + 1] = g / 255;
      values[i * 3 + 2] = b / 255;
    } else {
      // integer weights keep grey pixels (r = g = b = v) exactly at v / 255
      values[i] = (299 * r + 587 * g + 114 * b) / 255000;
    }
  }
  return { shape: [h, w, channels], values };
}

/** Read and decode one PNG or JPEG file. */
export async function readImage(path: string, opts: ImageOptions = {}): Promise<NdArray> {
  return decodeImage(readFileChecked(path), path, opts);
}

/**
 * Encode pixels, row-major [h, w, channels], as a PNG. Floats must lie in [0, 1] (scaled
 * by 255 and rounded); a Uint8Array or Uint8ClampedArray is taken as 0..255 as is.
 */
export async function encodePng(
  values: ArrayLike<number>,
  h: number,
  w: number,
  channels: 1 | 3 | 4,
): Promise<Buffer> {
  if (channels !== 1 && channels !== 3 && channels !== 4) throw new DataError(msg.badChannels(channels));
  if (values.length !== h * w * channels)
    throw new DataError(msg.encodeLength(values.length, h, w, channels));
  let bytes: Uint8Array;
  if (values instanceof Uint8Array) bytes = values;
  else if (values instanceof Uint8ClampedArray)
    bytes = new Uint8Array(values.buffer, values.byteOffset, values.length);
  else {
    bytes = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!(v >= 0 && v <= 1)) throw new DataError(msg.encodeRange(i, v));
      bytes[i] = Math.round(v * 255);
    }
  }
  const img = sharp(bytes, { raw: { width: w, height: h, channels } });
  return (channels === 1 ? img.toColourspace('b-w') : img).png().toBuffer();
}
