/**
 * Structural checks and ordering of a graph: nodes in topological order (files may list
 * them in any order), with every input accounted for, no value produced twice, and
 * cycles reported as the chain of nodes that forms them. Subgraphs (If/Loop bodies) may
 * read the values of enclosing graphs: those are the body's free names.
 */
import { onnxMsg } from './messages.ts';
import { type OnnxGraph, OnnxImportError, type OnnxNode } from './types.ts';

/** The graphs held by a node's attributes (If branches, Loop and Scan bodies). */
export function subgraphs(node: OnnxNode): OnnxGraph[] {
  const out: OnnxGraph[] = [];
  for (const v of Object.values(node.attrs)) {
    if (isGraph(v)) out.push(v);
    else if (Array.isArray(v)) for (const g of v) if (isGraph(g)) out.push(g);
  }
  return out;
}

function isGraph(v: unknown): v is OnnxGraph {
  return typeof v === 'object' && v !== null && 'nodes' in v && 'initializers' in v;
}

/** Names a graph reads but does not define: values of the enclosing scopes. */
export function freeNames(g: OnnxGraph): Set<string> {
  const defined = new Set([...g.inputs.map((v) => v.name), ...g.initializers.keys()]);
  for (const n of g.nodes) for (const o of n.outputs) defined.add(o);
  const free = new Set<string>();
  for (const n of g.nodes) for (const d of dependencies(n)) if (!defined.has(d)) free.add(d);
  for (const o of g.outputs) if (!defined.has(o.name)) free.add(o.name);
  return free;
}

/** The values a node needs before it runs: its inputs and what its subgraphs read from outside. */
function dependencies(n: OnnxNode): string[] {
  const deps = n.inputs.filter((i) => i !== '');
  for (const g of subgraphs(n)) deps.push(...freeNames(g));
  return deps;
}

/**
 * The graph's nodes in an order where each runs after the producers of its inputs
 * (file order where the file allows it). `outer` holds the names of enclosing scopes.
 */
export function orderNodes(g: OnnxGraph, file: string, outer: ReadonlySet<string> = new Set()): OnnxNode[] {
  const given = new Set([...g.inputs.map((v) => v.name), ...g.initializers.keys(), ...outer]);
  const producer = new Map<string, number>();
  g.nodes.forEach((n, i) => {
    for (const o of n.outputs) {
      if (o === '') continue;
      const p = producer.get(o);
      if (p !== undefined)
        throw new OnnxImportError(onnxMsg.duplicateOutput(file, o, g.nodes[p].name, n.name));
      if (g.inputs.some((v) => v.name === o) || g.initializers.has(o))
        throw new OnnxImportError(onnxMsg.duplicateOutput(file, o, 'graph input or initializer', n.name));
      producer.set(o, i);
    }
  });
  const deps = g.nodes.map(dependencies);
  const missing = g.nodes.flatMap((n, i) =>
    deps[i]
      .filter((d) => !given.has(d) && !producer.has(d))
      .map((value) => ({ node: n.name, op: n.opType, value })),
  );
  if (missing.length) throw new OnnxImportError(onnxMsg.missingInputs(file, missing));
  for (const o of g.outputs) {
    if (!given.has(o.name) && !producer.has(o.name))
      throw new OnnxImportError(onnxMsg.missingOutput(file, o.name));
  }
  // Kahn's algorithm over the edges producer -> consumer
  const waiting = deps.map((d) => new Set(d.filter((v) => producer.has(v))).size);
  const consumers = g.nodes.map(() => [] as number[]);
  deps.forEach((d, i) => {
    for (const v of new Set(d)) {
      const p = producer.get(v);
      if (p !== undefined) consumers[p].push(i);
    }
  });
  const ready = g.nodes.map((_, i) => i).filter((i) => waiting[i] === 0);
  const order: OnnxNode[] = [];
  for (let k = 0; k < ready.length; k++) {
    const i = ready[k];
    order.push(g.nodes[i]);
    for (const c of consumers[i]) if (--waiting[c] === 0) ready.push(c);
  }
  if (order.length < g.nodes.length) {
    const stuck = g.nodes.map((_, i) => i).filter((i) => waiting[i] > 0);
    throw new OnnxImportError(onnxMsg.cycle(file, findCycle(stuck, deps, producer, g)));
  }
  return order;
}

/** Node names along one cycle among the nodes that could not be ordered, first repeated last. */
function findCycle(stuck: number[], deps: string[][], producer: Map<string, number>, g: OnnxGraph): string[] {
  const inStuck = new Set(stuck);
  const path: number[] = [];
  const onPath = new Set<number>();
  const done = new Set<number>();
  const visit = (i: number): number[] | undefined => {
    path.push(i);
    onPath.add(i);
    for (const d of deps[i]) {
      const p = producer.get(d);
      if (p === undefined || !inStuck.has(p) || done.has(p)) continue;
      if (onPath.has(p)) return [...path.slice(path.indexOf(p)), p];
      const found = visit(p);
      if (found) return found;
    }
    path.pop();
    onPath.delete(i);
    done.add(i);
    return undefined;
  };
  for (const s of stuck) {
    const c = visit(s);
    if (c) return c.reverse().map((i) => g.nodes[i].name);
  }
  return stuck.map((i) => g.nodes[i].name);
}
