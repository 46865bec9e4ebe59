/**
 * Feature visualization by optimisation (Olah et al. 2017, Distill "Feature Visualization";
 * Lucid's render_vis): start from a parameterized random image, and take Adam steps that
 * maximise an objective of the model's activations on randomly transformed copies of it.
 * A batch of images is optimised together (one per channel in `renderChannels`).
 */
import { Rng } from '../../engine/rng.ts';
import { type Tensor, type Tensor4D, tf } from '../../engine/tf.ts';
import { GlassboxError, msg } from '../../messages.ts';
import type { Model } from '../../model/model.ts';
import { adam } from './adam.ts';
import { channel, channelOf, diversity, type Objective, scale, sum } from './objectives.ts';
import { type ColorOptions, toValidImage } from './param/color.ts';
import { fourierParam } from './param/fourier.ts';
import { type ImageShape, type ParamFactory, pixelParam } from './param/pixel.ts';
import { compose, standardTransforms, type Transform } from './transforms.ts';

export type ParamName = 'fourier' | 'pixel';

export interface RenderOptions extends ColorOptions {
  /** image parameterization (default 'fourier'; Mordvintsev et al. 2018) */
  param?: ParamName | ParamFactory;
  /** optimisation steps (default 512) */
  steps?: number;
  /** Adam learning rate (default 0.05, as Lucid) */
  lr?: number;
  /** random transforms before each step (default `standardTransforms(size)`); [] for none */
  transforms?: Transform[];
  /** steps after which to keep a copy of the images (default none; the final images are always returned) */
  thresholds?: readonly number[];
  /** seed of the initial image and the transforms (default 0) */
  seed?: number;
  /** images optimised together (default 1) */
  batch?: number;
  /** side of the optimised image (default: the model's input size; resized to it before the model) */
  size?: number;
  /** called every `progressEvery` steps and at the end with the objective's value */
  onProgress?: (step: number, steps: number, value: number) => void;
  /** default 16 */
  progressEvery?: number;
}

/** A batch of images as host arrays. */
export interface RenderedImages {
  /** one per image: H*W*C values, channels last, in the valid range */
  images: Float32Array[];
  /** [H, W, C] */
  shape: [number, number, number];
}

export interface RenderResult extends RenderedImages {
  objective: string;
  /** the objective on the transformed images after each step */
  values: number[];
  /** the objective on the final untransformed images */
  finalValue: number;
  snapshots: ({ step: number } & RenderedImages)[];
  meta: { seed: number; steps: number; lr: number; param: string; decorrelate: boolean; batch: number };
}

/** The model's input size as [H, W, C], whatever its layout. */
export function imageInputShape(model: Model): [number, number, number] {
  const s = model.inputShape;
  if (s.length !== 3) throw new GlassboxError(msg.fvNotImage(model.name, s));
  return model.layout === 'nchw' ? [s[1], s[2], s[0]] : [s[0], s[1], s[2]];
}

function paramFactory(p: RenderOptions['param']): ParamFactory {
  if (typeof p === 'function') return p;
  return (p ?? 'fourier') === 'pixel' ? pixelParam() : fourierParam();
}

/** An NHWC image batch as the model's input: resized to its size, in its layout. */
export function toModelLayout(model: Model, img: Tensor4D): Tensor {
  const [h, w] = imageInputShape(model);
  const sized = img.shape[1] === h && img.shape[2] === w ? img : tf.image.resizeBilinear(img, [h, w]);
  return model.layout === 'nchw' ? tf.transpose(sized, [0, 3, 1, 2]) : sized;
}

/** The objective's value on `img` [N, H, W, C] (no transforms): a scalar tensor. */
function evaluate(model: Model, objective: Objective, img: Tensor4D, transformed: Tensor4D): Tensor {
  const { output, taps } = model.run(toModelLayout(model, transformed), { taps: objective.layers });
  return objective.fn({ acts: (l) => taps.get(l)!, output, image: img, layout: model.layout });
}

function hostImages(img: Tensor4D): RenderedImages {
  const [n, h, w, c] = img.shape;
  const data = img.dataSync() as Float32Array;
  const per = h * w * c;
  return {
    images: Array.from({ length: n }, (_, i) => data.slice(i * per, (i + 1) * per)),
    shape: [h, w, c],
  };
}

function checkOptions(steps: number, lr: number, batch: number, size: number): void {
  if (!Number.isInteger(steps) || steps < 0)
    throw new GlassboxError(msg.fvOptionRange('steps', steps, 'an integer >= 0'));
  if (!(lr > 0)) throw new GlassboxError(msg.fvOptionRange('lr', lr, 'positive'));
  if (!Number.isInteger(batch) || batch < 1)
    throw new GlassboxError(msg.fvOptionRange('batch', batch, 'an integer >= 1'));
  if (!Number.isInteger(size) || size < 8) throw new GlassboxError(msg.fvBadSize(size));
}

/** Optimises a batch of images to maximise `objective`. Leaves no tensors behind. */
export async function render(
  model: Model,
  objective: Objective,
  opts: RenderOptions = {},
): Promise<RenderResult> {
  const [mh, mw, c] = imageInputShape(model);
  const steps = opts.steps ?? 512;
  const lr = opts.lr ?? 0.05;
  const seed = opts.seed ?? 0;
  const batch = opts.batch ?? 1;
  const size = opts.size ?? Math.max(mh, mw);
  checkOptions(steps, lr, batch, size);
  const shape: ImageShape = { n: batch, h: opts.size ?? mh, w: opts.size ?? mw, c };
  const rng = new Rng(seed);
  const [lo, hi] = opts.range ?? [0, 1];
  const transform = compose(...(opts.transforms ?? standardTransforms(size, (lo + hi) / 2)));
  // a dry run on a flat image: a bad layer or channel fails here, before any gradient tape is open
  tf.tidy(() => {
    const flat = tf.fill([batch, mh, mw, c], (lo + hi) / 2) as Tensor4D;
    evaluate(model, objective, flat, flat);
  });
  const param = paramFactory(opts.param)(shape, rng);
  const optimizer = adam(param.variables, lr);
  const every = opts.progressEvery ?? 16;
  const keep = new Set(opts.thresholds ?? []);
  const values: number[] = [];
  const snapshots: RenderResult['snapshots'] = [];
  const image = () => tf.tidy(() => toValidImage(param.raw(), opts));
  const copy = (img: Tensor4D): RenderedImages => {
    try {
      return hostImages(img);
    } finally {
      img.dispose();
    }
  };
  try {
    for (let step = 1; step <= steps; step++) {
      const cost = optimizer.step(() =>
        tf.tidy(() => {
          const img = image();
          return tf.neg(evaluate(model, objective, img, transform(img, rng))) as tf.Scalar;
        }),
      );
      values.push(-cost);
      if (keep.has(step)) snapshots.push({ step, ...copy(image()) });
      if (step % every === 0 || step === steps) {
        opts.onProgress?.(step, steps, values[step - 1]);
        await new Promise((r) => setImmediate(r));
      }
    }
    const img = image();
    const finalValue = tf.tidy(() => evaluate(model, objective, img, img).dataSync()[0]);
    return {
      ...copy(img),
      finalValue,
      objective: objective.name,
      values,
      snapshots,
      meta: {
        seed,
        steps,
        lr,
        param: typeof opts.param === 'function' ? 'custom' : (opts.param ?? 'fourier'),
        decorrelate: c === 3 && (opts.decorrelate ?? true),
        batch,
      },
    };
  } finally {
    optimizer.dispose();
    param.dispose();
  }
}

/**
 * Mean activation of channel `channels[i]` of `layer` on image i, each image [H, W, C] as
 * rendered (no transforms): Lucid's `channel` objective measured back through the model.
 */
export function channelActivations(
  model: Model,
  layer: string,
  channels: readonly number[],
  images: RenderedImages,
): number[] {
  const [h, w, c] = images.shape;
  return tf.tidy(() => {
    const data = new Float32Array(images.images.length * h * w * c);
    images.images.forEach((im, i) => {
      data.set(im, i * h * w * c);
    });
    const x = tf.tensor4d(data, [images.images.length, h, w, c]);
    const acts = model.run(toModelLayout(model, x), { taps: [layer] }).taps.get(layer)!;
    return channels.map(
      (ch, i) => tf.mean(channelOf(layer, tf.slice(acts, i, 1), ch, model.layout)).dataSync()[0],
    );
  });
}

export interface ChannelRenderOptions extends RenderOptions {
  /** weight of the diversity term (Olah et al. 2017) over the batch (default 0) */
  diversity?: number;
}

export interface ChannelRenderResult extends RenderResult {
  channels: number[];
  /** the mean of each target channel on its image, untransformed */
  activations: number[];
}

/** One image per channel of `layer`, optimised together as one batch. */
export async function renderChannels(
  model: Model,
  layer: string,
  channels: readonly number[],
  opts: ChannelRenderOptions = {},
): Promise<ChannelRenderResult> {
  const terms = channels.map((ch, i) => channel(layer, ch, { batch: i }));
  const w = opts.diversity ?? 0;
  const objective = sum(...terms, ...(w !== 0 ? [scale(w, diversity(layer))] : []));
  const r = await render(model, objective, { ...opts, batch: channels.length });
  return { ...r, channels: [...channels], activations: channelActivations(model, layer, channels, r) };
}
