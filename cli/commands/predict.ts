import type { Command } from 'commander';
import { asDataset, parseInputSpec } from '../../src/data/spec.ts';
import { tf } from '../../src/engine/tf.ts';
import { toModelInput } from '../../src/model/input.ts';
import { loadModel } from '../../src/model/load.ts';
import { action, addCommonOptions, type GlobalOptions, printJson, startEngine, table } from '../common.ts';
import { INPUT_HELP, type InputOptions, inputOptions, specOptions } from '../inputs.ts';

export function register(program: Command): void {
  addCommonOptions(
    inputOptions(
      program
        .command('predict')
        .description('Predict the classes of one or more inputs, with the top-k probabilities.')
        .requiredOption('-m, --model <model>', 'a zoo name (see `glassbox models`) or a path to model.json')
        .requiredOption('-i, --input <input>', INPUT_HELP)
        .option('--top <k>', 'how many classes to show per input', (v) => Number.parseInt(v, 10), 5)
        .option('--limit <n>', 'at most this many inputs of a set', (v) => Number.parseInt(v, 10), 20),
    ),
  ).action(action(predict));
}

type PredictOptions = GlobalOptions &
  InputOptions & { model: string; input: string; top: number; limit: number };

async function predict(opts: PredictOptions) {
  await startEngine(opts);
  const model = await loadModel(opts.model);
  const data = asDataset(await parseInputSpec(opts.input, specOptions(model, opts)));
  const n = Math.min(data.size, Math.max(1, opts.limit));
  const b = data.batch(0, n);
  const probs = tf.tidy(() => model.run(toModelInput(model, b.x, n, data.shape, data.name)).output);
  const p = (await probs.array()) as number[][];
  probs.dispose();
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
}
