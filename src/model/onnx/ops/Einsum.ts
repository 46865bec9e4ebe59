/**
 * Einsum (opset 12): sums of products over labelled axes (numpy.einsum conventions; see
 * util/einsum_parse.ts). Computed with differentiable tf ops only: a label repeated in one
 * term takes the diagonal (multiply by an identity mask, sum one axis); labels needed
 * nowhere else are summed out early; operands are contracted pairwise, left to right, as
 * one batched matMul each ([batch, kept-left, summed] x [batch, summed, kept-right]).
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OnnxNode, OpRegistration } from '../types.ts';
import { attrString, fail } from './util/attrs.ts';
import { parseEinsum } from './util/einsum_parse.ts';
import { product } from './util/ints.ts';

interface Operand {
  t: Tensor;
  labels: string[];
}

function diagonals(op: Operand, node: OnnxNode): Operand {
  let { t, labels } = op;
  for (let p = 0; p < labels.length; p++) {
    let q = labels.indexOf(labels[p], p + 1);
    while (q >= 0) {
      const n = t.shape[p];
      if (t.shape[q] !== n) fail(node, `label '${labels[p]}' has sizes ${n} and ${t.shape[q]}`);
      const maskShape = t.shape.map((d, i) => (i === p || i === q ? d : 1));
      t = tf.sum(tf.mul(t, tf.reshape(tf.eye(n), maskShape)), q);
      labels = labels.filter((_, i) => i !== q);
      q = labels.indexOf(labels[p], p + 1);
    }
  }
  return { t, labels };
}

function sumOut(op: Operand, keep: Set<string>): Operand {
  const axes = op.labels.flatMap((l, i) => (keep.has(l) ? [] : [i]));
  if (axes.length === 0) return op;
  return { t: tf.sum(op.t, axes), labels: op.labels.filter((l) => keep.has(l)) };
}

function arrange(op: Operand, order: string[], sizes: Map<string, number>): Tensor {
  const perm = order.map((l) => op.labels.indexOf(l));
  const t = perm.every((p, i) => p === i) ? op.t : tf.transpose(op.t, perm);
  const target = order.map((l) => sizes.get(l)!);
  return t.shape.every((d, i) => d === target[i]) ? t : tf.broadcastTo(t, target);
}

function contract(a: Operand, b: Operand, keep: Set<string>, node: OnnxNode): Operand {
  const sizes = new Map<string, number>();
  for (const op of [a, b]) {
    op.labels.forEach((l, i) => {
      const d = op.t.shape[i];
      const s = sizes.get(l);
      if (s !== undefined && s !== d && s !== 1 && d !== 1)
        fail(node, `label '${l}' has sizes ${s} and ${d}`);
      sizes.set(l, s === undefined || s === 1 ? d : s);
    });
  }
  const inB = new Set(b.labels);
  const inA = new Set(a.labels);
  const batch = a.labels.filter((l) => inB.has(l) && keep.has(l));
  const summed = a.labels.filter((l) => inB.has(l) && !keep.has(l));
  const left = a.labels.filter((l) => !inB.has(l));
  const right = b.labels.filter((l) => !inA.has(l));
  const dims = (ls: string[]) => ls.map((l) => sizes.get(l)!);
  const [nb, m, k, n] = [batch, left, summed, right].map((ls) => product(dims(ls)));
  const a3 = tf.reshape(arrange(a, [...batch, ...left, ...summed], sizes), [nb, m, k]);
  const b3 = tf.reshape(arrange(b, [...batch, ...summed, ...right], sizes), [nb, k, n]);
  const t = tf.reshape(tf.matMul(a3, b3), [...dims(batch), ...dims(left), ...dims(right)]);
  return { t, labels: [...batch, ...left, ...right] };
}

function einsum(xs: Tensor[], node: OnnxNode): Tensor {
  const error = (m: string): never => fail(node, `equation ${m}`);
  const spec = parseEinsum(
    attrString(node, 'equation', ''),
    xs.map((x) => x.rank),
    error,
  );
  const int = xs.some((x) => x.dtype !== 'float32');
  const ops = xs.map((x, i) =>
    diagonals({ t: int ? tf.cast(x, 'float32') : x, labels: spec.inputs[i] }, node),
  );
  let cur = sumOut(ops[0], new Set([...spec.output, ...ops.slice(1).flatMap((o) => o.labels)]));
  for (let j = 1; j < ops.length; j++) {
    const keep = new Set([...spec.output, ...ops.slice(j + 1).flatMap((o) => o.labels)]);
    const next = sumOut(ops[j], new Set([...keep, ...cur.labels]));
    cur = contract(sumOut(cur, new Set([...keep, ...next.labels])), next, keep, node);
  }
  cur = sumOut(cur, new Set(spec.output));
  const perm = spec.output.map((l) => cur.labels.indexOf(l));
  const out = perm.every((p, i) => p === i) ? cur.t.clone() : tf.transpose(cur.t, perm);
  return int ? tf.cast(tf.round(out), xs[0].dtype) : out;
}

export const registrations: OpRegistration[] = [
  {
    opType: 'Einsum',
    domain: '',
    since: 12,
    impl: {
      run: (inputs, ctx) => {
        const xs = inputs.filter((t): t is Tensor => t !== undefined);
        return [tf.tidy(() => einsum(xs, ctx.node))];
      },
    },
  },
];
