/** `glassbox featurevis`: images that maximise channels of a layer (or any objective), as a labelled grid. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { GlassboxError, msg } from '../../src/messages.ts';
import { channelAxis } from '../../src/methods/featurevis/objectives.ts';
import { parseObjective } from '../../src/methods/featurevis/parse.ts';
import {
  type ParamName,
  type RenderedImages,
  type RenderOptions,
  render,
  renderChannels,
} from '../../src/methods/featurevis/render.ts';
import { loadModel } from '../../src/model/load.ts';
import type { Model } from '../../src/model/model.ts';
import { toRgb } from '../../src/render/heatmap.ts';
import { rgbToPng } from '../../src/render/png.ts';
import { action, addCommonOptions, type GlobalOptions, printJson, startEngine } from '../common.ts';
import { defaultLayer, parseNumber } from '../explain_options.ts';
import { writeGrid } from '../explain_render.ts';
import { progressBar } from '../progress.ts';

const PARAMS: readonly ParamName[] = ['fourier', 'pixel'];

interface Flags extends GlobalOptions {
  model: string;
  layer?: string;
  channels?: string;
  objective?: string;
  param: string;
  steps: string;
  lr?: string;
  size?: string;
  seed: string;
  diversity?: string;
  batch?: string;
  out: string;
  outDir?: string;
}

export function register(program: Command): void {
  addCommonOptions(
    program
      .command('featurevis')
      .description(
        'Feature visualization (Olah et al. 2017): optimise images that activate channels of a layer, or any objective, and draw them as a labelled grid.',
      )
      .requiredOption('-m, --model <model>', 'a zoo name, a path to model.json or an .onnx file')
      .option('--layer <name>', 'layer whose channels to visualise (default: the last convolution)')
      .option('--channels <spec>', 'channels: 0:16 (end excluded), 3 or 1,5,7 (default 0:16)')
      .option(
        '--objective <expr>',
        "an objective instead of channels, e.g. 'channel(conv2,3) - 0.5*channel(conv2,7)'",
      )
      .option('--param <name>', `image parameterization: ${PARAMS.join('|')}`, 'fourier')
      .option('--steps <n>', 'optimisation steps', '512')
      .option('--lr <x>', 'Adam learning rate (default 0.05)')
      .option('--size <n>', "side of the optimised image (default the model's input size)")
      .option('--seed <s>', 'seed of the initial images and transforms', '0')
      .option('--diversity <w>', 'weight of the diversity term across the batch (default 0)')
      .option('--batch <n>', 'images per objective with --objective (default 1)')
      .option('--out <file>', 'the grid, PNG (or SVG for .svg)', 'glassbox-out/featurevis.png')
      .option('--out-dir <dir>', 'also write each image as its own PNG'),
  ).action(action(featurevis));
}

/** Number of channels of `layer` (the last axis of a dense layer, the layout's channel axis of a map). */
function channelCount(model: Model, layer: string): number {
  const info = model.layers().find((l) => l.name === layer);
  if (!info)
    throw new GlassboxError(
      msg.unknownLayer(
        layer,
        model.layers().map((l) => l.name),
      ),
    );
  const shape = info.outputShape;
  const n = shape[channelAxis(shape.length + 1, model.layout) - 1];
  return n ?? 0;
}

/** '0:16' | '3' | '1,5,7' -> channel list, checked against the layer. */
export function parseChannels(spec: string, layer: string, count: number): number[] {
  const range = /^(\d+):(\d+)$/.exec(spec.trim());
  let out: number[];
  if (range) {
    const [a, b] = [Number(range[1]), Number(range[2])];
    out = Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
  } else if (/^\d+(,\d+)*$/.test(spec.trim())) out = spec.split(',').map(Number);
  else throw new GlassboxError(msg.fvChannelsSpec(spec));
  if (out.length === 0) throw new GlassboxError(msg.fvChannelsSpec(spec));
  if (out.some((c) => c >= count)) throw new GlassboxError(msg.fvBadChannels(layer, count));
  return out;
}

function display(images: RenderedImages, i: number) {
  const [h, w, c] = images.shape;
  return toRgb(images.images[i], h, w, c);
}

async function featurevis(flags: Flags): Promise<void> {
  await startEngine(flags);
  const model = await loadModel(flags.model);
  const param = flags.param as ParamName;
  if (!PARAMS.includes(param)) throw new GlassboxError(msg.badChoice('--param', flags.param, PARAMS));
  const steps = parseNumber('--steps', flags.steps, true)!;
  const bar = flags.json ? undefined : progressBar('featurevis', steps);
  const opts: RenderOptions = {
    param,
    steps,
    lr: parseNumber('--lr', flags.lr),
    size: parseNumber('--size', flags.size, true),
    seed: parseNumber('--seed', flags.seed, true),
    onProgress: (step, _, value) => bar?.update(step, { objective: value.toFixed(3) }),
  };
  const diversity = parseNumber('--diversity', flags.diversity) ?? 0;
  let cells: { title: string; subtitle: string; channel?: number; objective: string; activation: number }[];
  let images: RenderedImages;
  let layer: string | undefined;
  if (flags.objective) {
    let objective = parseObjective(flags.objective);
    const batch = parseNumber('--batch', flags.batch, true) ?? 1;
    if (diversity !== 0 && flags.layer)
      objective = parseObjective(`${objective.name} + ${diversity}*diversity(${flags.layer})`);
    const r = await render(model, objective, { ...opts, batch });
    images = r;
    cells = r.images.map((_, i) => ({
      title: batch > 1 ? `#${i}` : 'objective',
      subtitle: `value ${r.finalValue.toFixed(3)}`,
      objective: r.objective,
      activation: r.finalValue,
    }));
  } else {
    layer = flags.layer ?? defaultLayer(model);
    if (!layer) throw new GlassboxError(msg.methodNeedsLayer('featurevis'));
    const count = channelCount(model, layer);
    const channels = parseChannels(flags.channels ?? `0:${Math.min(16, count)}`, layer, count);
    const r = await renderChannels(model, layer, channels, { ...opts, diversity });
    images = r;
    cells = channels.map((ch, i) => ({
      title: `${layer}:${ch}`,
      subtitle: `act ${r.activations[i].toFixed(3)}`,
      channel: ch,
      objective: `channel(${layer},${ch})`,
      activation: r.activations[i],
    }));
  }
  bar?.stop();
  const title = `${model.name} ${flags.objective ?? layer} (${param}, ${steps} steps, seed ${opts.seed})`;
  writeGrid(flags.out, {
    title,
    columns: Math.min(8, cells.length),
    cells: cells.map((c, i) => ({ image: display(images, i), title: c.title, subtitle: c.subtitle })),
  });
  const files: (string | undefined)[] = cells.map(() => undefined);
  if (flags.outDir) {
    mkdirSync(flags.outDir, { recursive: true });
    cells.forEach((c, i) => {
      const file = path.join(
        flags.outDir!,
        `${c.channel === undefined ? `image-${i}` : `channel-${c.channel}`}.png`,
      );
      writeFileSync(file, rgbToPng(display(images, i)));
      files[i] = file;
    });
  }
  if (flags.json)
    return printJson(
      cells.map((c, i) => ({
        channel: c.channel,
        objective: c.objective,
        activation: c.activation,
        file: files[i],
      })),
    );
  process.stderr.write(
    `wrote ${flags.out}${flags.outDir ? ` and ${cells.length} images in ${flags.outDir}` : ''}\n`,
  );
}
