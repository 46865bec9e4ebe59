/**
 * TF.js models behind the Model interface. A LayersModel is executed layer by layer (in
 * the topological order tfjs-layers keeps), so any layer's output can be read or replaced
 * inside tf.grad; a GraphModel taps nodes through execute() and edits by feeding the
 * edited value of a node back in.
 */
import type { GraphModel, LayersModel, SymbolicTensor } from '@tensorflow/tfjs';
import { type Tensor, tf } from '../engine/tf.ts';
import { GlassboxError, msg } from '../messages.ts';
import type { Edit, LayerInfo, Model, RunOptions, RunResult } from './model.ts';

function checkInput(x: Tensor, inputShape: readonly number[]): void {
  const got = x.shape.slice(1);
  const ok = x.rank === inputShape.length + 1 && got.every((d, i) => d === inputShape[i]);
  if (!ok)
    throw new GlassboxError(msg.inputShapeMismatch(inputShape, x.rank === inputShape.length ? x.shape : got));
}

function checkNames(opts: RunOptions, known: readonly string[]): void {
  const set = new Set(known);
  for (const n of [...(opts.taps ?? []), ...Object.keys(opts.edits ?? {})]) {
    if (!set.has(n)) throw new GlassboxError(msg.unknownLayer(n, known));
  }
}

function applyEdit(layer: string, edit: Edit | undefined, t: Tensor): Tensor {
  if (!edit) return t;
  const out = edit(t);
  if (out.shape.length !== t.shape.length || out.shape.some((d, i) => d !== t.shape[i])) {
    throw new GlassboxError(msg.editShapeMismatch(layer, t.shape.slice(1), out.shape.slice(1)));
  }
  return out;
}

function definedShape(shape: readonly (number | null)[], name: string): number[] {
  const s = shape.slice(1);
  if (s.some((d) => d == null)) {
    throw new GlassboxError(`model '${name}' has an input with unknown dimensions [${s.join(',')}]`);
  }
  return s as number[];
}

export interface AdapterMeta {
  name: string;
  hash: string;
  classNames?: readonly string[];
}

export class LayersModelAdapter implements Model {
  readonly layout = 'nhwc' as const;
  readonly name: string;
  readonly hash: string;
  readonly classNames?: readonly string[];
  readonly inputShape: readonly number[];
  readonly outputShape: readonly (number | null)[];
  private readonly infos: LayerInfo[];

  constructor(
    readonly net: LayersModel,
    meta: AdapterMeta,
  ) {
    if (net.inputs.length !== 1 || net.outputs.length !== 1) {
      throw new GlassboxError(`model '${meta.name}': only single-input, single-output models are supported`);
    }
    this.name = meta.name;
    this.hash = meta.hash;
    this.classNames = meta.classNames;
    this.inputShape = definedShape(net.inputs[0].shape, meta.name);
    this.outputShape = net.outputs[0].shape.slice(1);
    this.infos = net.layers
      .filter((l) => l.getClassName() !== 'InputLayer')
      .map((l) => {
        const shape = l.outputShape;
        const first = Array.isArray(shape[0])
          ? (shape[0] as (number | null)[])
          : (shape as (number | null)[]);
        return { name: l.name, kind: l.getClassName(), outputShape: first.slice(1), params: l.countParams() };
      });
  }

  layers(): readonly LayerInfo[] {
    return this.infos;
  }

  run(x: Tensor, opts: RunOptions = {}): RunResult {
    checkInput(x, this.inputShape);
    checkNames(
      opts,
      this.infos.map((l) => l.name),
    );
    const wanted = new Set(opts.taps ?? []);
    const edits = opts.edits ?? {};
    // SymbolicTensor id -> its value in this pass
    const values = new Map<number, Tensor>([[this.net.inputs[0].id, x]]);
    const taps = new Map<string, Tensor>();
    for (const layer of this.net.layers) {
      if (layer.getClassName() === 'InputLayer') continue;
      for (const node of layer.inboundNodes) {
        const ins = node.inputTensors as SymbolicTensor[];
        if (!ins.every((s) => values.has(s.id)) || node.outputTensors.every((s) => values.has(s.id)))
          continue;
        const args = ins.map((s) => values.get(s.id)!);
        const raw = layer.apply(args.length === 1 ? args[0] : args, node.callArgs ?? {}) as Tensor | Tensor[];
        const outs = (Array.isArray(raw) ? raw : [raw]).map((t) =>
          applyEdit(layer.name, edits[layer.name], t),
        );
        node.outputTensors.forEach((s, i) => {
          values.set(s.id, outs[i]);
        });
        if (wanted.has(layer.name) && !taps.has(layer.name)) taps.set(layer.name, outs[0]);
      }
    }
    const output = values.get(this.net.outputs[0].id);
    if (!output)
      throw new GlassboxError(`model '${this.name}': its output could not be reached from its input`);
    return { output, taps };
  }

  dispose(): void {
    this.net.dispose();
  }
}

/** Ops of a graph model worth listing as layers (the rest are plumbing: Const, Identity …). */
const GRAPH_LAYER_OPS = new Set([
  'Conv2D',
  'DepthwiseConv2dNative',
  'FusedConv2D',
  'FusedDepthwiseConv2dNative',
  'MatMul',
  '_FusedMatMul',
  'BiasAdd',
  'Relu',
  'Relu6',
  'Elu',
  'Selu',
  'LeakyRelu',
  'Sigmoid',
  'Tanh',
  'Softmax',
  'MaxPool',
  'AvgPool',
  'Mean',
  'FusedBatchNorm',
  'FusedBatchNormV3',
  'Add',
  'AddV2',
  'ConcatV2',
]);

interface GraphNodeDef {
  name: string;
  op: string;
}

export class GraphModelAdapter implements Model {
  readonly layout = 'nhwc' as const;
  readonly name: string;
  readonly hash: string;
  readonly classNames?: readonly string[];
  readonly inputShape: readonly number[];
  readonly outputShape: readonly (number | null)[];
  private readonly nodes: GraphNodeDef[];
  private infos?: LayerInfo[];

  constructor(
    readonly net: GraphModel,
    topology: { node?: GraphNodeDef[] },
    meta: AdapterMeta,
  ) {
    if (net.inputs.length !== 1 || net.outputs.length !== 1) {
      throw new GlassboxError(`model '${meta.name}': only single-input, single-output models are supported`);
    }
    this.name = meta.name;
    this.hash = meta.hash;
    this.classNames = meta.classNames;
    this.inputShape = definedShape(net.inputs[0].shape ?? [], meta.name);
    this.outputShape = (net.outputs[0].shape ?? []).slice(1);
    this.nodes = (topology.node ?? []).filter((n) => GRAPH_LAYER_OPS.has(n.op));
  }

  layers(): readonly LayerInfo[] {
    if (!this.infos) {
      // Output shapes come from one pass on a zero input (graph models carry no shapes).
      const names = this.nodes.map((n) => n.name);
      this.infos = tf.tidy(() => {
        const outs = this.net.execute(tf.zeros([1, ...this.inputShape]), names) as Tensor | Tensor[];
        const arr = Array.isArray(outs) ? outs : [outs];
        return this.nodes.map((n, i) => ({
          name: n.name,
          kind: n.op,
          outputShape: arr[i].shape.slice(1),
          params: 0,
        }));
      });
    }
    return this.infos;
  }

  run(x: Tensor, opts: RunOptions = {}): RunResult {
    checkInput(x, this.inputShape);
    checkNames(
      opts,
      this.nodes.map((n) => n.name),
    );
    const inputName = this.net.inputs[0].name;
    const outputName = this.net.outputs[0].name;
    const feeds: Record<string, Tensor> = { [inputName]: x };
    // Edits in graph order: each edited node's value is computed with the earlier edits fed.
    const order = new Map(this.nodes.map((n, i) => [n.name, i]));
    const editNames = Object.keys(opts.edits ?? {}).sort((a, b) => order.get(a)! - order.get(b)!);
    for (const name of editNames) {
      const value = this.net.execute(feeds, name) as Tensor;
      feeds[name] = applyEdit(name, opts.edits![name], value);
    }
    const tapNames = [...(opts.taps ?? [])];
    // execute() returns a bare tensor, not an array, when asked for one output.
    const raw = this.net.execute(feeds, [outputName, ...tapNames]) as Tensor | Tensor[];
    const outs = Array.isArray(raw) ? raw : [raw];
    const taps = new Map<string, Tensor>();
    tapNames.forEach((n, i) => {
      taps.set(n, feeds[n] ?? outs[i + 1]);
    });
    return { output: outs[0], taps };
  }

  dispose(): void {
    this.net.dispose();
  }
}
