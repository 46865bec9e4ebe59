import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { asDataset, parseInputSpec } from '../../src/data/spec.ts';
import { type Tensor, tf } from '../../src/engine/tf.ts';
import { toModelInput } from '../../src/model/input.ts';
import { loadModel } from '../../src/model/load.ts';
import type { Model } from '../../src/model/model.ts';
import { OnnxModel } from '../../src/model/onnx/model.ts';
import { action, addCommonOptions, type GlobalOptions, printJson, startEngine, table } from '../common.ts';
import { INPUT_HELP, type InputOptions, inputOptions, specOptions } from '../inputs.ts';

export function register(program: Command): void {
  addCommonOptions(
    inputOptions(
      program
        .command('predict')
        .description(
          'Predict the classes of one or more inputs, with the top-k probabilities (models with a [batch, classes] output); any model: --out-json.',
        )
        .requiredOption(
          '-m, --model <model>',
          'a zoo name (see `glassbox models`), a path to model.json or an .onnx file',
        )
        .requiredOption('-i, --input <input>', INPUT_HELP)
        .option('--top <k>', 'how many classes to show per input', (v) => Number.parseInt(v, 10), 5)
        .option('--limit <n>', 'at most this many inputs of a set', (v) => Number.parseInt(v, 10), 20)
        .option(
          '--out-json <file>',
          'write the raw output as nested arrays (batch first) to FILE; a model with several outputs (ONNX) writes an object of them by output name',
        ),
    ),
  ).action(action(predict));
}

type PredictOptions = GlobalOptions &
  InputOptions & { model: string; input: string; top: number; limit: number; outJson?: string };

/** The model's outputs by name: every graph output of an ONNX model, else the one output. */
function outputs(model: Model, x: Tensor): Map<string, Tensor> {
  if (model instanceof OnnxModel && model.outputNames.length > 1) return model.runAll(x);
  return new Map([['output', tf.tidy(() => model.run(x).output)]]);
}

async function predict(opts: PredictOptions) {
  await startEngine(opts);
  const model = await loadModel(opts.model);
  const data = asDataset(await parseInputSpec(opts.input, specOptions(model, opts)));
  const n = Math.min(data.size, Math.max(1, opts.limit));
  const b = data.batch(0, n);
  const x = toModelInput(model, b.x, n, data.shape, data.name);
  const outs = outputs(model, x);
  x.dispose();
  const arrays = new Map<string, unknown>();
  for (const [k, t] of outs) arrays.set(k, await t.array());
  const first = [...outs.values()][0];
  const shape = first.shape;
  for (const t of outs.values()) t.dispose();
  if (opts.outJson) {
    const value = arrays.size === 1 ? [...arrays.values()][0] : Object.fromEntries(arrays);
    writeFileSync(opts.outJson, `${JSON.stringify(value)}\n`);
  }
  if (shape.length !== 2) {
    // not a [batch, classes] output: no top-k to show
    if (opts.json)
      return printJson({ model: model.name, input: opts.input, outputShape: shape, outJson: opts.outJson });
    process.stdout.write(
      `${model.name}: output [${shape.join(',')}] for ${n} input(s)${opts.outJson ? `, written to ${opts.outJson}` : '; use --out-json FILE for the values'}\n`,
    );
    return;
  }
  const p = [...arrays.values()][0] as number[][];
  const names = model.classNames ?? data.classNames;
  const results = p.map((row, i) => {
    const top = row
      .map((prob, c) => ({ class: c, name: names?.[c] ?? String(c), prob }))
      .sort((a, z) => z.prob - a.prob)
      .slice(0, Math.max(1, opts.top));
    return { index: i, label: b.labels?.[i], top };
  });
  if (opts.json) return printJson({ model: model.name, input: opts.input, predictions: results });
  for (const r of results) {
    const head = `${data.name} #${r.index}${r.label !== undefined ? ` (true: ${names?.[r.label] ?? r.label})` : ''}`;
    process.stdout.write(
      `${head}\n${table(
        r.top.map((t) => [t.class, t.name, t.prob.toFixed(4)]),
        ['class', 'name', 'probability'],
      )}\n\n`,
    );
  }
  if (data.size > n) process.stdout.write(`(${data.size - n} more inputs not shown; use --limit)\n`);
  if (opts.outJson) process.stdout.write(`raw output written to ${opts.outJson}\n`);
}
