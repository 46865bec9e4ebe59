import type { Command } from 'commander';
import type { SpecOptions } from '../src/data/spec.ts';
import type { Model } from '../src/model/model.ts';

export const INPUT_HELP =
  'a path (.png .jpg .npy .json .pb, IDX file, image folder), mnist:N, mnist:A-B, idx:PATH:N, ' +
  'idx:IMAGES:LABELS, fashion-mnist:test[:N]';

export interface InputOptions {
  layout?: 'nchw' | 'nhwc';
  fit?: 'fill' | 'contain' | 'cover';
}

export function inputOptions(cmd: Command): Command {
  return cmd
    .option('--layout <layout>', 'layout of .npy/.json/.pb arrays where ambiguous: nchw or nhwc')
    .option('--fit <fit>', 'how images reach the input size: fill, contain or cover', 'fill');
}

/** The model's input, channels last, as the data layer expects it. */
export function specOptions(model: Model, opts: InputOptions): SpecOptions {
  const s = model.inputShape;
  const nhwc = model.layout === 'nchw' && s.length === 3 ? [s[1], s[2], s[0]] : [...s];
  return { inputShape: nhwc, layout: opts.layout, fit: opts.fit };
}
