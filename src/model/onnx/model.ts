/**
 * An ONNX model behind the Model interface: the graph runs node by node on TF.js ops (so
 * tf.grad flows through it), any node output can be tapped or edited by the node's name
 * (its first output) or by the value's name, and inputs and outputs keep the model's own
 * layout (NCHW for images).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Tensor, tf } from '../../engine/tf.ts';
import { GlassboxError, msg } from '../../messages.ts';
import type { Edit, LayerInfo, Model, RunOptions, RunResult } from '../model.ts';
import { Executor } from './executor.ts';
import { engineDtype } from './host.ts';
import { layerParams, layerSteps } from './layers.ts';
import { onnxMsg } from './messages.ts';
import { type OnnxFile, parseOnnx } from './parse.ts';
import { buildPlan, type PlanOptions, type Step } from './plan.ts';
import { OnnxImportError, type ValueInfo } from './types.ts';

export class OnnxModel implements Model {
  readonly name: string;
  readonly hash: string;
  readonly layout: 'nchw' | 'nhwc';
  readonly inputShape: readonly number[];
  readonly classNames?: readonly string[];
  readonly exec: Executor;
  /** what the file says about itself: path, producer, opsets, metadata */
  readonly source: Omit<OnnxFile, 'graph'>;
  private readonly input: ValueInfo;
  private readonly layerList: Step[];
  /** tap/edit name (node name or value name) -> value name */
  private readonly names = new Map<string, string>();
  private inferred?: Map<string, { shape: number[]; dtype: string }>;

  constructor(file: OnnxFile, meta: { name: string; hash: string }, opts: PlanOptions = {}) {
    this.exec = new Executor(buildPlan(file, opts));
    // keep no reference to `file`: its initializers would stay alive beside the engine's copies
    const { graph: _, ...source } = file;
    this.source = source;
    const g = this.exec.plan.graph;
    try {
      if (g.inputs.length === 0) throw new OnnxImportError(onnxMsg.noInputs(file.path));
      this.input = g.inputs[0];
      this.inputShape = staticInputShape(this.input, file.path);
    } catch (e) {
      // a model that is refused owns the weights already uploaded: free them
      this.exec.dispose();
      throw e;
    }
    this.layout = this.inputShape.length === 3 ? 'nchw' : 'nhwc';
    this.name = meta.name;
    this.hash = meta.hash;
    const classes = file.metadata.classNames ?? file.metadata.class_names;
    if (classes) this.classNames = parseClassNames(classes);
    const steps = this.exec.plan.steps;
    for (const s of steps) for (const o of s.node.outputs) if (o !== '') this.names.set(o, o);
    for (const s of steps) if (s.node.outputs[0]) this.names.set(s.node.name, s.node.outputs[0]);
    this.layerList = layerSteps(steps, (v) => this.exec.constantTensor(v) !== undefined);
  }

  get outputShape(): readonly (number | null)[] {
    const out = this.exec.plan.graph.outputs[0];
    if (out.shape && out.shape.length > 0 && out.shape.slice(1).every((d) => typeof d === 'number'))
      return out.shape.slice(1) as number[];
    return (
      this.shapes().get(out.name)?.shape.slice(1) ??
      out.shape?.slice(1).map((d) => (typeof d === 'number' ? d : null)) ??
      []
    );
  }

  /** Output names of the graph, in order. */
  get outputNames(): string[] {
    return this.exec.plan.graph.outputs.map((o) => o.name);
  }

  layers(): readonly LayerInfo[] {
    const params = layerParams(this.layerList, this.exec.plan.steps, (v) => this.exec.constantTensor(v));
    const shapes = this.shapes();
    // integer results (shape arithmetic that a Concat or Add joins) are plumbing, not layers
    const steps = this.layerList.filter(
      (s) => (shapes.get(s.node.outputs[0])?.dtype ?? 'float32') === 'float32',
    );
    return steps.map(({ node }) => {
      const shape = shapes.get(node.outputs[0])?.shape;
      const info = this.exec.plan.graph.valueInfo.get(node.outputs[0])?.shape;
      const fallback = info ? info.slice(1).map((d) => (typeof d === 'number' ? d : null)) : [];
      return {
        name: node.name,
        kind: node.opType,
        outputShape: shape ? shape.slice(1) : fallback,
        params: params.get(node.name) ?? 0,
      };
    });
  }

  /** Shapes and dtypes of layer outputs and graph outputs from one pass on zeros (batch 1); empty if that pass fails. */
  private shapes(): Map<string, { shape: number[]; dtype: string }> {
    if (!this.inferred) {
      const want = [...new Set([...this.layerList.map((s) => s.node.outputs[0]), ...this.outputNames])];
      this.inferred = new Map();
      try {
        let shapes: { shape: number[]; dtype: string }[] = [];
        tf.tidy(() => {
          const outs = this.exec.run(this.feeds(tf.zeros([1, ...this.inputShape])), want);
          shapes = want.map((n) => ({ shape: [...outs.get(n)!.shape], dtype: outs.get(n)!.dtype }));
        });
        want.forEach((n, i) => {
          this.inferred!.set(n, shapes[i]);
        });
      } catch {
        // a model that rejects an all-zero input keeps the shapes its file declares
      }
    }
    return this.inferred;
  }

  private feeds(x: Tensor): Map<string, Tensor> {
    const dtype = engineDtype(this.input.dataType);
    if (!dtype)
      throw new OnnxImportError(onnxMsg.inputType(this.source.path, this.input.name, this.input.dataType));
    return new Map([[this.input.name, x.dtype === dtype ? x : tf.cast(x, dtype)]]);
  }

  private checkInput(x: Tensor): void {
    const want = [null, ...this.inputShape];
    if (x.rank !== want.length || x.shape.some((d, i) => i > 0 && d !== want[i]))
      throw new OnnxImportError(onnxMsg.inputRank(this.source.path, this.input.name, want, x.shape));
  }

  private resolve(name: string): string {
    const v = this.names.get(name);
    if (v === undefined)
      throw new GlassboxError(
        msg.unknownLayer(
          name,
          this.layerList.map((s) => s.node.name),
        ),
      );
    return v;
  }

  run(x: Tensor, opts: RunOptions = {}): RunResult {
    this.checkInput(x);
    const tapNames = [...(opts.taps ?? [])];
    const tapValues = tapNames.map((n) => this.resolve(n));
    const edits = new Map<string, Edit[]>();
    for (const [n, edit] of Object.entries(opts.edits ?? {})) {
      const v = this.resolve(n);
      edits.set(v, [...(edits.get(v) ?? []), checkedEdit(n, edit)]);
    }
    const outName = this.outputNames[0];
    const [output, ...taps] = tf.tidy(() => {
      const outs = this.exec.run(this.feeds(x), [outName, ...tapValues], { edits });
      return [outs.get(outName)!, ...tapValues.map((v) => outs.get(v)!)];
    });
    return { output, taps: new Map(tapNames.map((n, i) => [n, taps[i]])) };
  }

  /** Every graph output, by name (for models with several outputs). */
  runAll(x: Tensor): Map<string, Tensor> {
    this.checkInput(x);
    const names = this.outputNames;
    const outs = tf.tidy(() => {
      const m = this.exec.run(this.feeds(x), names);
      return names.map((n) => m.get(n)!);
    });
    return new Map(names.map((n, i) => [n, outs[i]]));
  }

  dispose(): void {
    this.exec.dispose();
  }
}

function checkedEdit(name: string, edit: Edit): Edit {
  return (t) => {
    const out = edit(t);
    if (out.shape.length !== t.shape.length || out.shape.some((d, i) => d !== t.shape[i]))
      throw new GlassboxError(msg.editShapeMismatch(name, t.shape.slice(1), out.shape.slice(1)));
    return out;
  };
}

/** The input shape without the batch dimension; only the batch may be symbolic. */
function staticInputShape(v: ValueInfo, file: string): number[] {
  if (!v.shape) throw new OnnxImportError(onnxMsg.noInputShape(file, v.name));
  const shape = v.shape;
  if (shape.length === 0) throw new OnnxImportError(onnxMsg.scalarInput(file, v.name));
  return shape.slice(1).map((d, i) => {
    if (typeof d !== 'number')
      throw new OnnxImportError(onnxMsg.symbolicDim(file, v.name, i + 1, String(d ?? '?')));
    return d;
  });
}

function parseClassNames(s: string): string[] | undefined {
  try {
    const v = JSON.parse(s);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
  } catch {
    return s.includes(',') ? s.split(',').map((x) => x.trim()) : undefined;
  }
}

/** Opens an .onnx file (and its external data) as a Model. The engine must be initialised. */
export function loadOnnxModel(file: string, opts: PlanOptions = {}): OnnxModel {
  if (!existsSync(file)) throw new GlassboxError(msg.modelFileMissing(file));
  const bytes = readFileSync(file);
  const hash = createHash('sha256').update(bytes).digest('hex');
  // the bytes are ours: big weights become views of them (parse.ts), no second copy
  const parsed = parseOnnx(bytes, file, true);
  return new OnnxModel(parsed, { name: path.basename(file, '.onnx'), hash }, opts);
}
