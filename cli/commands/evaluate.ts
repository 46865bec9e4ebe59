import type { Command } from 'commander';
import { asDataset, parseInputSpec } from '../../src/data/spec.ts';
import { evaluate } from '../../src/methods/evaluate.ts';
import { loadModel } from '../../src/model/load.ts';
import { action, addCommonOptions, type GlobalOptions, printJson, startEngine, table } from '../common.ts';
import { type InputOptions, inputOptions, specOptions } from '../inputs.ts';
import { progressBar } from '../progress.ts';

export function register(program: Command): void {
  addCommonOptions(
    inputOptions(
      program
        .command('evaluate')
        .description('Accuracy, per-class accuracy and confusion matrix of a classifier over a labelled set.')
        .requiredOption('-m, --model <model>', 'a zoo name (see `glassbox models`) or a path to model.json')
        .requiredOption(
          '-d, --data <data>',
          'a labelled set: mnist, mnist:A-B, idx:IMAGES:LABELS, fashion-mnist:test, an image folder with class sub-folders',
        )
        .option('--batch-size <n>', 'examples per forward pass', (v) => Number.parseInt(v, 10), 256),
    ),
  ).action(
    action(
      async (opts: GlobalOptions & InputOptions & { model: string; data: string; batchSize: number }) => {
        await startEngine(opts);
        const model = await loadModel(opts.model);
        const data = asDataset(await parseInputSpec(opts.data, specOptions(model, opts)));
        const bar = progressBar('evaluate', data.size);
        const ev = evaluate(model, data, { batchSize: opts.batchSize, onProgress: (d) => bar.update(d) });
        bar.stop();
        if (opts.json) return printJson(ev);
        const names = ev.classNames ?? ev.confusion.map((_, i) => String(i));
        process.stdout.write(
          `model ${ev.model} on ${ev.data}: accuracy ${(ev.accuracy * 100).toFixed(2)}% of ${ev.examples}\n\n`,
        );
        const header = ['true \\ predicted', ...names.map((n, i) => (n.length > 6 ? String(i) : n)), 'acc'];
        process.stdout.write(
          `${table(
            ev.confusion.map((row, i) => [names[i], ...row, ev.perClassAccuracy[i].toFixed(3)]),
            header,
          )}\n`,
        );
      },
    ),
  );
}
