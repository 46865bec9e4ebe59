/**
 * The ONNX backend node tests (Debian's libonnx-testdata): one case is a folder with
 * model.onnx and test_data_set_N holding input_K.pb and output_K.pb. A case is skipped when its model
 * uses an op we do not implement (or data we cannot hold), and otherwise passes when every
 * output matches: floats within rtol 1e-3, atol 1e-7 (the ONNX runner's tolerances, NaN
 * equal to NaN), integers and booleans exactly.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { bfloat16ToFloat } from '../../data/half.ts';
import { readTensorProto, type TensorData } from '../../data/tensorproto.ts';
import { type Tensor, tf } from '../../engine/tf.ts';
import { Executor } from './executor.ts';
import { engineDtype, hostToTensor } from './host.ts';
import { readOnnx } from './parse.ts';
import { buildPlan, unsupportedOps } from './plan.ts';

export const NODE_TESTS = '/usr/share/libonnx-testdata/data/node';
export const RTOL = 1e-3;
export const ATOL = 1e-7;

export interface CaseResult {
  name: string;
  /** the op types of the case's graph, in order of first use */
  ops: string[];
  status: 'pass' | 'fail' | 'skip';
  /** why it was skipped or how it failed */
  reason?: string;
}

/** The case folders under `root`, sorted by name. */
export function listCases(root = NODE_TESTS): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => existsSync(path.join(root, d, 'model.onnx')))
    .sort()
    .map((d) => path.join(root, d));
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

function pbFiles(dir: string, prefix: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.pb'))
    .sort((a, b) => Number(a.slice(prefix.length, -3)) - Number(b.slice(prefix.length, -3)))
    .map((f) => path.join(dir, f));
}

/** Why `got` differs from `want`, or undefined when they agree. */
export function compare(got: Tensor, want: TensorData): string | undefined {
  const shape = [...got.shape];
  if (shape.length !== want.shape.length || shape.some((d, i) => d !== want.shape[i]))
    return `shape [${shape}] instead of [${want.shape}]`;
  const data = got.dataSync();
  const exact = engineDtype(want.dataType) !== 'float32';
  const ref = want.exact && exact ? Array.from(want.exact, Number) : want.values;
  let worst = -1;
  let worstErr = 0;
  for (let i = 0; i < ref.length; i++) {
    const a = Number(data[i]);
    const b = Number(ref[i]);
    if (Number.isNaN(a) && Number.isNaN(b)) continue;
    const err = Math.abs(a - b);
    const ok = exact ? a === b : a === b || err <= ATOL + RTOL * Math.abs(b);
    if (!ok && !(err <= worstErr)) {
      worst = i;
      worstErr = err;
    }
  }
  if (worst < 0) return undefined;
  return `element ${worst} is ${data[worst]} instead of ${ref[worst]} (${want.dataType})`;
}

/** Runs one case folder. */
export function runCase(dir: string): CaseResult {
  const name = path.basename(dir);
  let file: ReturnType<typeof readOnnx>;
  try {
    file = readOnnx(path.join(dir, 'model.onnx'));
  } catch (e) {
    return { name, ops: [], status: 'skip', reason: firstLine(e) };
  }
  const ops = [
    ...new Set(
      file.graph.nodes.map((n) =>
        n.domain && n.domain !== 'ai.onnx' ? `${n.domain}::${n.opType}` : n.opType,
      ),
    ),
  ];
  const missing = unsupportedOps(file);
  if (missing.length) return { name, ops, status: 'skip', reason: `unsupported: ${missing.join('; ')}` };
  const odd = [...file.graph.inputs, ...file.graph.outputs].find((v) => !engineDtype(v.dataType));
  if (odd) return { name, ops, status: 'skip', reason: `value '${odd.name}' is of type ${odd.dataType}` };
  let exec: Executor | undefined;
  try {
    exec = new Executor(buildPlan(file));
    for (const set of readdirSync(dir)
      .filter((d) => d.startsWith('test_data_set_'))
      .sort()) {
      const why = runDataSet(exec, path.join(dir, set));
      if (why) return { name, ops, status: 'fail', reason: `${set}: ${why}` };
    }
    return { name, ops, status: 'pass' };
  } catch (e) {
    return { name, ops, status: 'fail', reason: firstLine(e) };
  } finally {
    exec?.dispose();
  }
}

/**
 * The test data stores BFLOAT16 tensors as UINT16 bit patterns (numpy has no bfloat16):
 * read them as the bfloat16 values the graph declares.
 */
function asDeclared(t: TensorData, declared: string | undefined): TensorData {
  if (declared !== 'BFLOAT16' || t.dataType !== 'UINT16') return t;
  return { ...t, dataType: 'BFLOAT16', values: t.values.map(bfloat16ToFloat), exact: undefined };
}

function runDataSet(exec: Executor, dir: string): string | undefined {
  const g = exec.plan.graph;
  const inputs = pbFiles(dir, 'input_').map((f, i) => asDeclared(readTensorProto(f), g.inputs[i]?.dataType));
  const expected = pbFiles(dir, 'output_').map((f, i) =>
    asDeclared(readTensorProto(f), g.outputs[i]?.dataType),
  );
  return tf.tidy(() => {
    const feeds = new Map<string, Tensor>();
    // input_i is the i-th graph input that is not an initializer
    inputs.forEach((t, i) => {
      if (g.inputs[i]) feeds.set(g.inputs[i].name, hostToTensor(t));
    });
    const names = g.outputs.map((o) => o.name);
    const outs = exec.run(feeds, names);
    for (let i = 0; i < expected.length && i < names.length; i++) {
      const why = compare(outs.get(names[i])!, expected[i]);
      if (why) return `output '${names[i]}': ${why}`;
    }
    return undefined;
  });
}
