/**
 * Lets gradients flow through complex64 tensors.
 *
 * TensorFlow.js 4.22's backprop (tape.ts, backpropagateGradients) throws when the gradient of
 * any kernel input is not float32 ("The gradient of input ... must have 'float32' dtype"), so
 * no registered gradient can pass through a complex intermediate such as the one between
 * tf.complex and tf.spectral.ifft. `admitComplexGradients` replaces `engine.gradients` (the one
 * entry behind tf.grad, tf.grads, tf.valueAndGrad(s), tf.variableGrads and the optimizers) with
 * the same algorithm, re-stated here, that differs only in
 *   - accepting a complex64 gradient for a complex64 input (TensorFlow's convention: for a
 *     real loss L and z = x + iy, dL/dz is dL/dx + i dL/dy), and
 *   - adding two complex gradients of one tensor part by part, so that accumulation needs no
 *     complex Add kernel on wasm.
 * For graphs without complex tensors the behaviour, the errors and the memory use are those
 * of tfjs 4.22. Stock gradients of ops that mix complex values (Mul, Add with broadcasting,
 * ...) are not made complex-aware; the kernels whose gradients Glassbox registers
 * (grads_complex.ts) and Reshape are.
 */
import type { NamedTensorMap, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.ts';

interface TapeNode {
  id: number;
  kernelName: string;
  outputs: Tensor[];
  inputs: NamedTensorMap;
  gradient?: (dys: (Tensor | null)[]) => Record<string, () => Tensor>;
  saved?: Tensor[];
}

/** The parts of tfjs's Engine that `gradients` uses. */
interface EngineInternals {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  scopedRun<T>(start: () => void, end: () => void, f: () => T): T;
  startTape(): void;
  endTape(): void;
  tidy<T>(nameOrFn: string | (() => T), fn?: () => T): T;
  makeTensor(values: Float32Array, shape: number[], dtype: 'float32'): Tensor;
  gradients: Gradients;
}

type Gradients = (
  f: () => Tensor,
  xs: Tensor[],
  dy?: Tensor,
  allowNoGradients?: boolean,
) => { value: Tensor; grads: Tensor[] };

const patched = Symbol('glassbox.complexGradients');

/** Tape nodes on a path from some x to y, inputs pruned to those depending on an x (as tfjs). */
function filterTape(tape: TapeNode[], xs: Tensor[], y: Tensor): TapeNode[] {
  const fromX = new Set<number>(xs.map((x) => x.id));
  const nodesFromX = new Set<number>();
  for (const node of tape) {
    for (const name in node.inputs) {
      if (fromX.has(node.inputs[name].id)) {
        for (const o of node.outputs) fromX.add(o.id);
        nodesFromX.add(node.id);
        break;
      }
    }
  }
  const toY = new Set<number>([y.id]);
  const nodesToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i];
    if (node.outputs.some((o) => toY.has(o.id))) {
      for (const name in node.inputs) {
        toY.add(node.inputs[name].id);
        nodesToY.add(node.id);
      }
    }
  }
  const filtered: TapeNode[] = [];
  for (const node of tape) {
    if (!nodesFromX.has(node.id) || !nodesToY.has(node.id)) continue;
    const inputs: NamedTensorMap = {};
    for (const name in node.inputs) {
      if (fromX.has(node.inputs[name].id)) inputs[name] = node.inputs[name];
    }
    filtered.push({ ...node, inputs, outputs: node.outputs });
  }
  return filtered;
}

function accumulate(a: Tensor, b: Tensor): Tensor {
  if (a.dtype !== 'complex64') return tf.add(a, b);
  return tf.tidy(() => tf.complex(tf.add(tf.real(a), tf.real(b)), tf.add(tf.imag(a), tf.imag(b))));
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function backprop(
  grads: Map<number, Tensor>,
  tape: TapeNode[],
  tidy: <T extends Tensor>(f: () => T) => T,
): void {
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i];
    const dys = node.outputs.map((o) => grads.get(o.id) ?? null);
    if (node.gradient == null) {
      throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
    }
    const inputGrads = node.gradient(dys);
    for (const name in node.inputs) {
      if (!(name in inputGrads)) {
        throw new Error(
          `Cannot backprop through input ${name}. Available gradients found: ${Object.keys(inputGrads)}.`,
        );
      }
      const dx = tidy(() => inputGrads[name]());
      const x = node.inputs[name];
      const complexOk = dx.dtype === 'complex64' && x.dtype === 'complex64';
      if (dx.dtype !== 'float32' && !complexOk) {
        throw new Error(
          `Error in gradient for op ${node.kernelName}. The gradient of input ${name} must have ` +
            `'float32' dtype, but has '${dx.dtype}'`,
        );
      }
      if (!sameShape(dx.shape, x.shape)) {
        throw new Error(
          `Error in gradient for op ${node.kernelName}. The gradient of input '${name}' has shape ` +
            `'${dx.shape}', which does not match the shape of the input '${x.shape}'`,
        );
      }
      const current = grads.get(x.id);
      if (current == null) {
        grads.set(x.id, dx);
      } else {
        grads.set(x.id, accumulate(current, dx));
        current.dispose();
      }
    }
  }
}

/** Installs the complex-aware `gradients` on the global engine (idempotent). */
export function admitComplexGradients(): void {
  const engine = tf.engine() as unknown as EngineInternals & { [patched]?: true };
  if (engine[patched]) return;
  engine.gradients = function gradients(f, xs, dy, allowNoGradients = false) {
    if (xs.length === 0) throw new Error('gradients() received an empty list of xs.');
    if (dy != null && dy.dtype !== 'float32') {
      throw new Error(`dy must have 'float32' dtype, but has '${dy.dtype}'`);
    }
    const y = engine.scopedRun(
      () => engine.startTape(),
      () => engine.endTape(),
      () => engine.tidy('forward', f),
    );
    if (!(y instanceof tf.Tensor)) throw new Error('The result y returned by f() must be a tensor.');
    const tape = filterTape(engine.state.activeTape ?? [], xs, y);
    if (!allowNoGradients && tape.length === 0 && xs.length > 0) {
      throw new Error(
        'Cannot compute gradient of y=f(x) with respect to x. Make sure that the f you passed ' +
          'encloses all operations that lead from x to y.',
      );
    }
    return engine.tidy('backward', () => {
      const grads = new Map<number, Tensor>();
      const size = y.shape.reduce((a, d) => a * d, 1);
      grads.set(y.id, dy ?? engine.makeTensor(new Float32Array(size).fill(1), y.shape, 'float32'));
      backprop(grads, tape, (fn) => engine.tidy(fn));
      const result = xs.map((x) => grads.get(x.id) as Tensor);
      if (engine.state.gradientDepth === 0) {
        for (const node of engine.state.activeTape ?? []) {
          for (const t of node.saved ?? []) t.dispose();
        }
        engine.state.activeTape = null;
      }
      return { value: y, grads: result };
    });
  };
  engine[patched] = true;
}
