import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { encodePng } from '../../src/data/images.ts';
import { asDataset, FASHION_MNIST_DIR, parseInputSpec } from '../../src/data/spec.ts';
import { tf } from '../../src/engine/tf.ts';
import { saliency } from '../../src/methods/attribution/saliency.ts';
import { toModelInput } from '../../src/model/input.ts';
import { loadModel } from '../../src/model/load.ts';
import { heatmap, sideBySide, toRgb } from '../../src/render/heatmap.ts';
import { action, addCommonOptions, type GlobalOptions, printJson, startEngine } from '../common.ts';
import { specOptions } from '../inputs.ts';

export function register(program: Command): void {
  addCommonOptions(
    program
      .command('demo')
      .description(
        'Predict and explain one example with a bundled model and write the picture (input | signed saliency | ' +
          '|saliency|). This is what `npm start` runs until the dashboard lands.',
      )
      .option(
        '-m, --model <model>',
        'a zoo name or path to model.json (default: fmnist-cnn, or mnist-cnn without Fashion-MNIST)',
      )
      .option(
        '-i, --input <input>',
        'the example (default: fashion-mnist:test:0, or mnist:8000 without Fashion-MNIST)',
      )
      .option('-o, --out <file>', 'where to write the PNG', 'glassbox-out/demo.png'),
  ).action(
    action(async (opts: GlobalOptions & { model?: string; input?: string; out: string }) => {
      await startEngine(opts);
      if (!opts.model && !opts.input) {
        const fashion = existsSync(`${FASHION_MNIST_DIR}/t10k-images-idx3-ubyte.gz`);
        if (!fashion) {
          process.stderr.write(
            `Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist): showing mnist-cnn on a held-out digit\n`,
          );
        }
        opts.model = fashion ? 'fmnist-cnn' : 'mnist-cnn';
        opts.input = fashion ? 'fashion-mnist:test:0' : 'mnist:8000';
      }
      opts.model ??= 'fmnist-cnn';
      opts.input ??= opts.model.startsWith('mnist') ? 'mnist:8000' : 'fashion-mnist:test:0';
      const model = await loadModel(opts.model);
      const data = asDataset(await parseInputSpec(opts.input, specOptions(model, {})));
      const input = opts.input;
      const b = data.batch(0, 1);
      const x = toModelInput(model, b.x, 1, data.shape, data.name);
      const probs = tf.tidy(() => model.run(x).output);
      const p = Array.from(await probs.data());
      probs.dispose();
      const cls = p.indexOf(Math.max(...p));
      const names = model.classNames ?? data.classNames;
      // Gradient of the logit, not of the saturated softmax probability.
      const outputLayer = model.layers().some((l) => l.name === 'logits') ? 'logits' : undefined;
      const sal = await saliency(model, x, { target: cls, abs: false, outputLayer });
      const g = await sal.values.data();
      tf.dispose([x, sal.values]);
      const [h, w, c] = data.shape;
      const picture = sideBySide(
        [
          toRgb(b.x, h, w, c),
          heatmap(g, h, w, { colormap: 'diverging' }),
          heatmap(g, h, w, { colormap: 'magma' }),
        ],
        8,
        8,
      );
      mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
      writeFileSync(opts.out, await encodePng(picture.data, picture.height, picture.width, 3));
      const summary = {
        model: model.name,
        input,
        predicted: { class: cls, name: names?.[cls] ?? String(cls), prob: p[cls] },
        label: b.labels
          ? { class: b.labels[0], name: names?.[b.labels[0]] ?? String(b.labels[0]) }
          : undefined,
        explanation: 'saliency (gradient of the predicted logit w.r.t. the input)',
        picture: opts.out,
      };
      if (opts.json) return printJson(summary);
      process.stdout.write(
        `${model.name} on ${input}: predicted ${summary.predicted.name} (p = ${summary.predicted.prob.toFixed(3)})` +
          `${summary.label ? `, true ${summary.label.name}` : ''}\n` +
          `wrote ${opts.out}: input | saliency (red +, blue -) | |saliency|\n`,
      );
    }),
  );
}
