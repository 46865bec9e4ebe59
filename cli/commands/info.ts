import type { Command } from 'commander';
import { formatShape } from '../../src/messages.ts';
import { loadModel } from '../../src/model/load.ts';
import { action, addCommonOptions, type GlobalOptions, printJson, startEngine, table } from '../common.ts';

export function register(program: Command): void {
  addCommonOptions(
    program
      .command('info')
      .description('Show a model: input, output and the table of its layers (names usable as taps).')
      .requiredOption(
        '-m, --model <model>',
        'a zoo name (see `glassbox models`), a path to model.json or an .onnx file',
      ),
  ).action(
    action(async (opts: GlobalOptions & { model: string }) => {
      await startEngine(opts);
      const model = await loadModel(opts.model);
      const layers = model.layers();
      const total = layers.reduce((a, l) => a + l.params, 0);
      if (opts.json) {
        return printJson({
          name: model.name,
          hash: model.hash,
          layout: model.layout,
          inputShape: model.inputShape,
          outputShape: model.outputShape,
          classNames: model.classNames,
          params: total,
          layers,
        });
      }
      process.stdout.write(
        `model ${model.name}  input ${formatShape(model.inputShape)} (${model.layout})  output ${formatShape(model.outputShape)}  ${total.toLocaleString('en')} parameters\n\n`,
      );
      process.stdout.write(
        `${table(
          layers.map((l) => [l.name, l.kind, formatShape(l.outputShape), l.params.toLocaleString('en')]),
          ['layer', 'kind', 'output', 'params'],
        )}\n`,
      );
    }),
  );
}
