import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { asDataset, parseInputSpec } from '../../src/data/spec.ts';
import { type Tensor, tf } from '../../src/engine/tf.ts';
import { GlassboxError, msg } from '../../src/messages.ts';
import type { Attribution } from '../../src/methods/attribution/base.ts';
import {
  COMPLETE_METHODS,
  getMethod,
  METHODS,
  type MethodEntry,
  MULTIPLIES_INPUTS,
  methodNames,
} from '../../src/methods/attribution/index.ts';
import { IG_RULES } from '../../src/methods/attribution/quadrature.ts';
import { type MetricReport, metricSuite } from '../../src/methods/metrics/suite.ts';
import { toModelInput } from '../../src/model/input.ts';
import { loadModel } from '../../src/model/load.ts';
import type { Model } from '../../src/model/model.ts';
import { action, addCommonOptions, type GlobalOptions, printJson, startEngine, table } from '../common.ts';
import {
  defaultLayer,
  defaultNeuron,
  defaultOutputLayer,
  type ExplainFlags,
  type MethodOptions,
  methodOptions,
  parseNumber,
  parseSign,
  parseTarget,
} from '../explain_options.ts';
import { comparisonGrid, type Explained, inputPicture, singleGrid, writeGrid } from '../explain_render.ts';
import { INPUT_HELP, type InputOptions, inputOptions, specOptions } from '../inputs.ts';
import { progressBar } from '../progress.ts';

export function register(program: Command): void {
  addCommonOptions(
    inputOptions(
      program
        .command('explain')
        .description(
          'Attribute a prediction to the input (or a layer) with one method, or compare them all (--method all); ' +
            'optionally with quality metrics (deletion/insertion AUC, infidelity, max-sensitivity, completeness, randomisation sanity check).',
        )
        .requiredOption('-m, --model <model>', 'a zoo name, a path to model.json or an .onnx file')
        .requiredOption('-i, --input <input>', INPUT_HELP)
        .requiredOption('--method <name>', `one of ${[...METHODS.keys()].join(', ')}, or all`)
        .option('--target <k>', "class to explain: an index or 'predicted' (default)")
        .option('--layer <name>', 'layer of layer/neuron methods (default: the last convolution)')
        .option('--neuron <i>', 'unit of neuron methods: flat index or i,j,k (default: the most active)')
        .option(
          '--output-layer <name>',
          "scores to explain (default: 'logits' where the model has it, else the output)",
        )
        .option('--steps <n>', 'path steps of integrated-gradients and relatives (default 50)')
        .option('--ig-method <rule>', `quadrature: ${IG_RULES.join('|')} (default gauss-legendre)`)
        .option('--baseline <v>', 'reference input value of path and perturbation methods (default 0)')
        .option('--samples <n>', 'samples of sampling methods (noise tunnel, shap, lime, rise masks)')
        .option('--stdev <s>', 'noise standard deviation (noise tunnel, gradient-shap)')
        .option('--seed <s>', 'seed of every random choice (default 0)')
        .option('--window <hxw>', 'occlusion window, e.g. 4x4')
        .option('--stride <hxw>', 'occlusion stride, e.g. 2x2')
        .option('--metrics', 'add the quality metrics to the output and the picture')
        .option('--sign <sign>', 'what the picture shows: all, positive, negative or absolute', 'all')
        .option('--limit <n>', 'explain at most this many examples of a set', '1')
        .option('--out <file>', 'the picture, PNG (or SVG for .svg); default glassbox-out/explain-METHOD.png')
        .option(
          '--out-json <file>',
          'write {method, target, shape, layout, values, delta?, metrics?} (values nested like the input, in the model layout); an array of them for --method all',
        ),
    ),
  ).action(action(explain));
}

type Flags = GlobalOptions & InputOptions & ExplainFlags;

/** Options of one method: its layer and neuron filled in when it needs them and none was given. */
function optionsFor(e: MethodEntry, model: Model, x: Tensor, base: MethodOptions): MethodOptions {
  const o = { ...base };
  if (e.needs.includes('layer') || e.needs.includes('neuron') || e.kind !== 'input') {
    o.layer ??= defaultLayer(model);
    if (!o.layer) throw new GlassboxError(msg.methodNeedsLayer(e.name));
  }
  if (e.needs.includes('neuron') || e.kind === 'neuron') o.neuron ??= defaultNeuron(model, x, o.layer!);
  return o;
}

/** A bar that appears with the first progress report of a method (perturbation methods report). */
function lazyBar(label: string) {
  let bar: ReturnType<typeof progressBar> | undefined;
  return {
    onProgress: (done: number, total: number) => {
      bar ??= progressBar(label, total);
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}

async function explainOne(
  e: MethodEntry,
  model: Model,
  x: Tensor,
  base: MethodOptions,
  flags: Flags,
  verbose: boolean,
): Promise<Explained & { delta?: number[]; layer?: string; neuron?: unknown; shapedLike: string }> {
  const o = optionsFor(e, model, x, base);
  const started = Date.now();
  const bar = verbose ? lazyBar(e.name) : undefined;
  const attr: Attribution = await e.fn(model, x, bar ? { ...o, onProgress: bar.onProgress } : o);
  bar?.stop();
  const seconds = (Date.now() - started) / 1000;
  const values = (await attr.values.data()) as Float32Array;
  const delta = attr.delta ? Array.from(await attr.delta.data(), Number) : undefined;
  attr.delta?.dispose();
  let metrics: Explained['metrics'];
  if (flags.metrics) {
    const stages = verbose ? progressBar(`${e.name} metrics`, 5) : undefined;
    const targetless = attr.meta.targets.length !== x.shape[0];
    const explainer = async (y: Tensor, targets: number[]) => {
      const r = await e.fn(model, y, targetless ? o : { ...o, target: targets });
      r.delta?.dispose();
      return r.values;
    };
    metrics = await metricSuite(model, x, attr, explainer, {
      outputLayer: o.outputLayer,
      baseline: COMPLETE_METHODS.has(e.name) ? (o.baselines ?? 0) : undefined,
      multipliesInputs: MULTIPLIES_INPUTS.has(e.name),
      seed: o.seed ?? 0,
      onStage: (_, k) => stages?.update(k),
    });
    stages?.stop();
  }
  const shape = [...attr.values.shape];
  attr.values.dispose();
  return {
    method: e.name,
    values,
    shape,
    targets: attr.meta.targets,
    metrics,
    seconds,
    delta,
    layer: o.layer,
    neuron: o.neuron,
    shapedLike: attr.meta.shapedLike ?? 'input',
  };
}

/** Flat values as nested arrays of `shape`. */
function nest(values: ArrayLike<number>, shape: readonly number[]): unknown {
  if (shape.length === 0) return values[0];
  const [d, ...rest] = shape;
  const size = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: d }, (_, i) =>
    rest.length === 0 ? values[i] : nest(Array.prototype.slice.call(values, i * size, (i + 1) * size), rest),
  );
}

function predicted(model: Model, x: Tensor): number[] {
  return tf.tidy(() => Array.from(tf.argMax(model.run(x).output, 1).dataSync()));
}

const f3 = (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? '-' : Number(v.toPrecision(3)).toString();

function headline(m: MetricReport | undefined) {
  if (!m) return undefined;
  const { deletion: _d, insertion: _i, sanity, ...rest } = m;
  return { ...rest, sanity: sanity && { mode: sanity.mode, last: sanity.steps.at(-1) } };
}

async function explain(flags: Flags) {
  const all = flags.method === 'all';
  // check the method and every flag before loading anything
  const names = all ? methodNames() : [getMethod(flags.method).name];
  const base = methodOptions(flags);
  const target = parseTarget(flags.target);
  const sign = parseSign(flags.sign);
  const limit = parseNumber('--limit', flags.limit, true) ?? 1;
  await startEngine(flags);
  const model = await loadModel(flags.model);
  const data = asDataset(await parseInputSpec(flags.input, specOptions(model, flags)));
  const n = Math.min(data.size, Math.max(1, limit));
  const b = data.batch(0, n);
  const x = toModelInput(model, b.x, n, data.shape, data.name);
  base.outputLayer ??= defaultOutputLayer(model);
  // one class per example for every method: the predicted one unless --target
  base.target = target !== undefined ? new Array(n).fill(target) : predicted(model, x);
  const results: Awaited<ReturnType<typeof explainOne>>[] = [];
  const skipped: { method: string; reason: string }[] = [];
  const bar = all ? progressBar('explain', names.length) : undefined;
  for (const [k, name] of names.entries()) {
    try {
      results.push(await explainOne(getMethod(name), model, x, base, flags, !all));
    } catch (err) {
      if (!all) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      skipped.push({ method: name, reason });
    }
    bar?.update(k + 1, { method: name });
  }
  bar?.stop();
  x.dispose();
  for (const s of skipped) process.stderr.write(`glassbox: ${s.method} skipped: ${s.reason}\n`);
  const inputs = Array.from({ length: n }, (_, i) => inputPicture(b.x, i, data.shape));
  const out = flags.out ?? `glassbox-out/explain-${flags.method}.png`;
  writeGrid(
    out,
    all ? comparisonGrid(model, inputs, results, sign) : singleGrid(model, inputs, results[0], sign),
  );
  const records = results.map((r) => ({
    method: r.method,
    target: r.targets,
    shape: r.shape,
    layout: model.layout,
    ...(r.shapedLike === 'layer' ? { shapedLike: 'layer', layer: r.layer } : {}),
    values: nest(r.values, r.shape),
    ...(r.delta ? { delta: r.delta } : {}),
    ...(r.metrics ? { metrics: r.metrics } : {}),
  }));
  if (flags.outJson) writeFileSync(flags.outJson, `${JSON.stringify(all ? records : records[0])}\n`);
  const summary = {
    model: model.name,
    input: flags.input,
    targets: base.target,
    picture: out,
    outJson: flags.outJson,
    // the curves and per-layer values are in --out-json; here the headline numbers
    methods: results.map((r) => ({ method: r.method, seconds: r.seconds, metrics: headline(r.metrics) })),
    skipped,
  };
  if (flags.json) return printJson(summary);
  const names0 = model.classNames ?? data.classNames;
  const cls = base.target.map((t) => (names0?.[t] ? `${t} (${names0[t]})` : String(t))).join(', ');
  process.stdout.write(`${model.name} on ${flags.input}: explaining class ${cls}\n`);
  const header = [
    'method',
    'seconds',
    ...(flags.metrics ? ['deletion', 'insertion', 'infidelity', 'sens-max', 'complete', 'rand ρ'] : []),
  ];
  const rows = results.map((r) => {
    const m = r.metrics;
    const cells: (string | number)[] = [r.method, r.seconds.toFixed(2)];
    if (m)
      cells.push(
        f3(m.deletionAuc?.[0]),
        f3(m.insertionAuc?.[0]),
        f3(m.infidelity?.values[0]),
        f3(m.sensitivityMax?.relative[0]),
        f3(m.completeness?.error[0]),
        f3(m.sanity?.steps.at(-1)?.spearman[0]),
      );
    return cells;
  });
  process.stdout.write(`${table(rows, header)}\n`);
  if (flags.metrics && results.some((r) => r.metrics?.sanity))
    process.stdout.write(
      '(metrics of the first example; rand ρ: Spearman after randomising every layer, low is good)\n',
    );
  process.stdout.write(`wrote ${out}${flags.outJson ? ` and ${flags.outJson}` : ''}\n`);
}
