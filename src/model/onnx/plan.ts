/**
 * An executable plan of a parsed model: per graph (the main one and every subgraph), its
 * nodes in order with the op registration each runs, and its constants (initializers,
 * Constant nodes, folded nodes). Everything that can be wrong with the file is found here,
 * before any compute: structure (graph.ts), then unsupported ops, all listed at once.
 */
import { constantNodeValue, foldNode } from './constants.ts';
import { orderNodes, subgraphs } from './graph.ts';
import { onnxMsg } from './messages.ts';
import type { OnnxFile } from './parse.ts';
import { registry as defaultRegistry, type OpRegistry, opsetOf } from './registry.ts';
import {
  type HostTensor,
  type OnnxGraph,
  OnnxImportError,
  type OnnxNode,
  type OpRegistration,
} from './types.ts';

export interface Step {
  node: OnnxNode;
  reg: OpRegistration;
  opset: number;
}

export interface Plan {
  file: string;
  /** the graph, without its initializers (they are in `constants`) */
  graph: OnnxGraph;
  steps: Step[];
  /** initializers, Constant node outputs and folded values, by value name */
  constants: Map<string, HostTensor>;
  /** the plan of each graph held by a node attribute of this plan's steps */
  subplans: Map<OnnxGraph, Plan>;
  parent?: Plan;
}

export interface PlanOptions {
  registry?: OpRegistry;
  /** compute constant subgraphs at import (default true) */
  fold?: boolean;
}

interface Draft {
  graph: OnnxGraph;
  nodes: OnnxNode[];
  constants: Map<string, HostTensor>;
  children: Map<OnnxGraph, Draft>;
}

function draft(g: OnnxGraph, file: string, outer: ReadonlySet<string>): Draft {
  const nodes: OnnxNode[] = [];
  const constants = new Map(g.initializers);
  const children = new Map<OnnxGraph, Draft>();
  const scope = new Set([...outer, ...g.inputs.map((v) => v.name), ...g.initializers.keys()]);
  for (const n of g.nodes) for (const o of n.outputs) scope.add(o);
  for (const node of orderNodes(g, file, outer)) {
    const value = constantNodeValue(node);
    if (value && node.outputs[0]) {
      constants.set(node.outputs[0], value);
      continue;
    }
    nodes.push(node);
    for (const sub of subgraphs(node)) children.set(sub, draft(sub, file, scope));
  }
  return { graph: g, nodes, constants, children };
}

/** "Op (domain ai.onnx, opset 13; nodes a, b)" for every unsupported op, in graph order. */
function unsupported(d: Draft, opsets: ReadonlyMap<string, number>, reg: OpRegistry): string[] {
  const found = new Map<string, { nodes: string[]; why: string }>();
  const walk = (x: Draft) => {
    for (const n of x.nodes) {
      const opset = opsetOf(n, opsets);
      const r = reg.find(n.opType, n.domain, opset);
      const domain = n.domain || 'ai.onnx';
      let why: string | undefined;
      if (!r) {
        const versions = reg.versions(n.opType, n.domain);
        const span = versions
          .map((v) => `${v.since}${v.until === undefined ? '+' : `-${v.until}`}`)
          .join(', ');
        const at =
          opset === undefined
            ? `domain ${domain} not imported by the model`
            : `domain ${domain}, opset ${opset}`;
        why = versions.length ? `${at}; implemented for opsets ${span}` : at;
      } else {
        const refusal = r.impl.unsupported?.(n, opset!);
        if (refusal) why = `domain ${domain}, opset ${opset}: ${refusal}`;
      }
      if (why) {
        const k = `${domain}\u0000${n.opType}\u0000${why}`;
        const e = found.get(k) ?? { nodes: [], why: `${n.opType} (${why}` };
        e.nodes.push(n.name);
        found.set(k, e);
      }
    }
    for (const c of x.children.values()) walk(c);
  };
  walk(d);
  return [...found.values()].map(
    (e) =>
      `${e.why}; node${e.nodes.length > 1 ? 's' : ''} ${e.nodes
        .slice(0, 5)
        .map((s) => `'${s}'`)
        .join(', ')}${e.nodes.length > 5 ? ` and ${e.nodes.length - 5} more` : ''})`,
  );
}

function finish(
  d: Draft,
  file: string,
  opsets: ReadonlyMap<string, number>,
  reg: OpRegistry,
  fold: boolean,
  parent?: Plan,
): Plan {
  // the initializers live on in `constants` (and leave it once uploaded, see executor.ts)
  const graph = { ...d.graph, initializers: new Map() };
  const plan: Plan = { file, graph, steps: [], constants: d.constants, subplans: new Map(), parent };
  const known = (name: string): HostTensor | undefined => {
    for (let p: Plan | undefined = plan; p; p = p.parent) {
      const h = p.constants.get(name);
      if (h) return h;
    }
    return undefined;
  };
  for (const node of d.nodes) {
    const opset = opsetOf(node, opsets)!;
    const r = reg.find(node.opType, node.domain, opset)!;
    const folded = fold ? foldNode(node, r, opset, known) : undefined;
    if (folded && folded.length >= node.outputs.filter((o) => o !== '').length) {
      node.outputs.forEach((o, i) => {
        if (o !== '' && folded[i]) plan.constants.set(o, folded[i]);
      });
      continue;
    }
    plan.steps.push({ node, reg: r, opset });
  }
  for (const [g, c] of d.children) plan.subplans.set(g, finish(c, file, opsets, reg, fold, plan));
  return plan;
}

/** The plan of a parsed model; an OnnxImportError for a malformed graph or unsupported ops. */
export function buildPlan(f: OnnxFile, opts: PlanOptions = {}): Plan {
  const reg = opts.registry ?? defaultRegistry;
  const d = draft(f.graph, f.path, new Set());
  const missing = unsupported(d, f.opsets, reg);
  if (missing.length) throw new OnnxImportError(onnxMsg.unsupported(f.path, missing));
  return finish(d, f.path, f.opsets, reg, opts.fold ?? true);
}

/** The unsupported ops of a parsed model (empty when all are supported), without building a plan. */
export function unsupportedOps(f: OnnxFile, reg: OpRegistry = defaultRegistry): string[] {
  return unsupported(draft(f.graph, f.path, new Set()), f.opsets, reg);
}
