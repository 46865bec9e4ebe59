/**
 * Runs a plan on the engine: each step's op on the values of its inputs, in order, with
 * hooks that read (taps) and replace (edits) values of the main graph as they are made.
 * Constants are uploaded once and owned here; everything else a run makes belongs to the
 * caller (run it inside tf.tidy, as OnnxModel does).
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import { GlassboxError } from '../../messages.ts';
import { HOST_KEEP_LIMIT, hostToTensor } from './host.ts';
import { onnxMsg } from './messages.ts';
import type { Plan, Step } from './plan.ts';
import { type HostTensor, type OnnxGraph, OnnxImportError, type OpContext } from './types.ts';

export interface Hooks {
  /** value name -> functions applied in turn to the value when it is made */
  edits?: ReadonlyMap<string, readonly ((t: Tensor) => Tensor)[]>;
}

interface Scope {
  values: Map<string, Tensor>;
  parent?: Scope;
}

function lookup(s: Scope | undefined, name: string): Tensor | undefined {
  for (; s; s = s.parent) {
    const t = s.values.get(name);
    if (t) return t;
  }
  return undefined;
}

/** The element type the file gives a value (constant, graph input or output, value_info), if any. */
function declaredType(plan: Plan, name: string | undefined): string | undefined {
  if (!name) return undefined;
  for (let p: Plan | undefined = plan; p; p = p.parent) {
    const g = p.graph;
    const t =
      p.constants.get(name)?.dataType ??
      g.inputs.find((v) => v.name === name)?.dataType ??
      g.valueInfo.get(name)?.dataType ??
      g.outputs.find((v) => v.name === name)?.dataType;
    if (t && t !== 'UNDEFINED') return t;
  }
  return undefined;
}

/** A constant on the engine; what the engine refuses becomes an error that names the constant. */
function uploadConstant(file: string, name: string, h: HostTensor): Tensor {
  try {
    return tf.tidy(() => hostToTensor(h));
  } catch (e) {
    if (e instanceof GlassboxError) throw e;
    const why = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new OnnxImportError(onnxMsg.badConstant(file, name, h.dataType, h.shape, why));
  }
}

export class Executor {
  private readonly tensors = new Map<Plan, Map<string, Tensor>>();
  private readonly owned = new Set<Tensor>();
  /** per step: tensors derived once from constant inputs (OpContext.memo) */
  private readonly memos = new Map<Step, Map<string, Tensor>>();

  constructor(readonly plan: Plan) {
    const upload = (p: Plan) => {
      const m = new Map<string, Tensor>();
      for (const [name, h] of p.constants) {
        const t = uploadConstant(p.file, name, h);
        m.set(name, t);
        this.owned.add(t);
        if (t.dtype === 'float32' && t.size > HOST_KEEP_LIMIT) p.constants.delete(name);
      }
      this.tensors.set(p, m);
      for (const sub of p.subplans.values()) upload(sub);
    };
    try {
      upload(plan);
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  /** The uploaded constant of the main graph named `name`, if there is one. */
  constantTensor(name: string): Tensor | undefined {
    return this.tensors.get(this.plan)?.get(name);
  }

  /**
   * Runs the main graph on `feeds` (graph input name -> tensor) and returns the values
   * named in `want` (outputs, tapped values). Returned constants are copies, so the
   * caller may dispose everything it gets.
   */
  run(feeds: ReadonlyMap<string, Tensor>, want: readonly string[], hooks: Hooks = {}): Map<string, Tensor> {
    const scope: Scope = { values: new Map(this.tensors.get(this.plan)) };
    for (const [k, v] of feeds) scope.values.set(k, v);
    this.exec(this.plan, scope, hooks);
    const out = new Map<string, Tensor>();
    for (const name of want) {
      const t = scope.values.get(name);
      if (!t) throw new OnnxImportError(`${this.plan.file}: no value named '${name}' was computed`);
      out.set(name, this.owned.has(t) ? tf.clone(t) : t);
    }
    return out;
  }

  private exec(plan: Plan, scope: Scope, hooks: Hooks): void {
    for (const step of plan.steps) {
      const { node } = step;
      const inputs = node.inputs.map((name) => {
        if (name === '') return undefined;
        const t = lookup(scope, name);
        if (!t)
          throw new OnnxImportError(
            `${plan.file}: node '${node.name}' (${node.opType}) reads '${name}', which was not produced`,
          );
        return t;
      });
      const outs = this.runStep(plan, step, scope, inputs);
      node.outputs.forEach((name, i) => {
        if (name === '' || !outs[i]) return;
        let t = outs[i];
        for (const edit of hooks.edits?.get(name) ?? []) t = edit(t);
        scope.values.set(name, t);
      });
    }
  }

  private runStep(plan: Plan, step: Step, scope: Scope, inputs: (Tensor | undefined)[]): Tensor[] {
    const { node } = step;
    const ctx: OpContext = {
      node,
      opset: step.opset,
      constant: (i) => this.hostConstant(plan, node.inputs[i]),
      elemType: (i) => declaredType(plan, node.inputs[i]),
      runGraph: (g, values) => this.runGraph(plan, g, scope, values),
      memo: (key, idx, make) => this.memo(plan, step, key, idx, make),
    };
    try {
      return step.reg.impl.run(inputs, ctx);
    } catch (e) {
      const why = (e instanceof Error ? e.message : String(e)).split('\n')[0];
      if (why.startsWith(plan.file)) throw e;
      // an op's own OnnxImportError names the node already: add the file
      if (e instanceof OnnxImportError && why.includes(`'${node.name}'`))
        throw new OnnxImportError(`${plan.file}: ${why}`);
      throw new OnnxImportError(onnxMsg.nodeFailed(plan.file, node.name, node.opType, why));
    }
  }

  private runGraph(plan: Plan, g: OnnxGraph, outer: Scope, values: Map<string, Tensor>): Map<string, Tensor> {
    const sub = plan.subplans.get(g);
    if (!sub)
      throw new OnnxImportError(
        `${plan.file}: a subgraph '${g.name}' was run that no node of the plan holds`,
      );
    const scope: Scope = { values: new Map(this.tensors.get(sub)), parent: outer };
    for (const [k, v] of values) scope.values.set(k, v);
    this.exec(sub, scope, {});
    const out = new Map<string, Tensor>();
    for (const o of g.outputs) {
      const t = lookup(scope, o.name);
      if (!t)
        throw new OnnxImportError(
          `${plan.file}: subgraph '${g.name}' did not compute its output '${o.name}'`,
        );
      out.set(o.name, t);
    }
    return out;
  }

  /** `make()` once per step and key when the inputs it reads are all constants; else afresh. */
  private memo(plan: Plan, step: Step, key: string, idx: number[], make: () => Tensor): Tensor {
    const constant = (name: string | undefined) => {
      for (let p: Plan | undefined = plan; name && p; p = p.parent)
        if (this.tensors.get(p)?.has(name)) return true;
      return false;
    };
    if (!idx.every((i) => constant(step.node.inputs[i]))) return make();
    let byKey = this.memos.get(step);
    if (!byKey) {
      byKey = new Map();
      this.memos.set(step, byKey);
    }
    let t = byKey.get(key);
    if (!t) {
      // kept: it outlives the tidy (and any gradient tape) of the run that made it
      t = tf.keep(tf.tidy(make));
      byKey.set(key, t);
      this.owned.add(t);
    }
    return t;
  }

  /** A constant input's host value; big float constants are read back from the engine. */
  private hostConstant(plan: Plan, name: string | undefined): HostTensor | undefined {
    if (!name) return undefined;
    for (let p: Plan | undefined = plan; p; p = p.parent) {
      const h = p.constants.get(name);
      if (h) return h;
      const t = this.tensors.get(p)?.get(name);
      if (t) return { dataType: 'FLOAT', shape: [...t.shape], values: t.dataSync() as Float32Array };
    }
    return undefined;
  }

  dispose(): void {
    for (const t of this.owned) t.dispose();
    this.owned.clear();
    this.memos.clear();
    this.tensors.clear();
  }
}
