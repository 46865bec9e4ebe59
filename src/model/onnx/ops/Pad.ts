/**
 * ONNX Pad. Versions: 1 (attributes `paddings`, `value`), 2-10 (attributes `pads`, `value`),
 * 11+ (inputs pads and constant_value), 18+ (input axes), 19+ (mode `wrap`). Pads are
 * [x1_begin, x2_begin, ..., x1_end, x2_end]; negative amounts crop. Modes: constant,
 * reflect (mirror without repeating the edge), edge (repeat the edge), wrap (periodic).
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import { attrInts, attrNum, attrString, hostScalar, hostValues, need, normAxis, opError } from './nn_util.ts';

interface PadSpec {
  begin: number[];
  end: number[];
  mode: string;
  value: number;
}

function readSpec(inputs: (Tensor | undefined)[], ctx: OpContext, rank: number): PadSpec {
  const mode = attrString(ctx, 'mode', 'constant');
  let pads: number[] | undefined;
  let value = 0;
  let axes = Array.from({ length: rank }, (_, i) => i);
  if (ctx.opset < 11) {
    pads = attrInts(ctx, ctx.opset < 2 ? 'paddings' : 'pads');
    value = attrNum(ctx, 'value', 0);
  } else {
    pads = hostValues(inputs, 1, ctx);
    value = hostScalar(inputs, 2, ctx, 0);
    const ax = ctx.opset >= 18 ? hostValues(inputs, 3, ctx) : undefined;
    if (ax) axes = ax.map((a) => normAxis(a, rank, ctx));
  }
  if (!pads) throw opError(ctx, 'pads are required');
  const n = axes.length;
  if (pads.length !== 2 * n) throw opError(ctx, `pads needs ${2 * n} values, got ${pads.length}`);
  if (!pads.every(Number.isInteger)) throw opError(ctx, `pads must be integers, got [${pads}]`);
  const begin = new Array<number>(rank).fill(0);
  const end = new Array<number>(rank).fill(0);
  axes.forEach((a, i) => {
    begin[a] = pads[i];
    end[a] = pads[i + n];
  });
  return { begin, end, mode, value };
}

/** Source index for output position i of an axis of length len padded by pb in front. */
function sourceIndex(mode: string, i: number, len: number, pb: number): number {
  const j = i - pb;
  if (mode === 'edge') return Math.min(len - 1, Math.max(0, j));
  if (mode === 'wrap') return ((j % len) + len) % len;
  // reflect: period 2(len-1), the edge not repeated
  if (len === 1) return 0;
  const p = 2 * (len - 1);
  const m = ((j % p) + p) % p;
  return m < len ? m : p - m;
}

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  let x = need(inputs, 0, ctx, 'data');
  const { begin, end, mode, value } = readSpec(inputs, ctx, x.rank);
  if (!['constant', 'reflect', 'edge', 'wrap'].includes(mode)) throw opError(ctx, `unknown mode '${mode}'`);
  if (begin.some((v) => v < 0) || end.some((v) => v < 0)) {
    const start = begin.map((b) => Math.max(0, -b));
    const sizes = x.shape.map((s, a) => s - start[a] - Math.max(0, -end[a]));
    if (sizes.some((s) => s < 0)) throw opError(ctx, 'negative pads crop more than the input');
    x = tf.slice(x, start, sizes);
  }
  const pb = begin.map((v) => Math.max(0, v));
  const pe = end.map((v) => Math.max(0, v));
  if (pb.every((v) => v === 0) && pe.every((v) => v === 0)) return [x === inputs[0] ? tf.clone(x) : x];
  if (mode === 'constant') {
    return [
      tf.pad(
        x,
        pb.map((b, a) => [b, pe[a]]),
        value,
      ),
    ];
  }
  if (mode === 'reflect' && x.rank <= 4 && x.shape.every((s, a) => pb[a] < s && pe[a] < s)) {
    return [
      tf.mirrorPad(
        x,
        pb.map((b, a) => [b, pe[a]]),
        'reflect',
      ),
    ];
  }
  let y = x;
  for (let a = 0; a < x.rank; a++) {
    if (pb[a] === 0 && pe[a] === 0) continue;
    const len = y.shape[a];
    if (len === 0) throw opError(ctx, `cannot ${mode}-pad an empty axis ${a}`);
    const idx = Int32Array.from({ length: len + pb[a] + pe[a] }, (_, i) => sourceIndex(mode, i, len, pb[a]));
    y = tf.gather(y, tf.tensor1d(idx, 'int32'), a);
  }
  return [y];
}

const impl = { run };
export const registrations: OpRegistration[] = [
  { opType: 'Pad', domain: '', since: 1, until: 1, impl },
  { opType: 'Pad', domain: '', since: 2, until: 10, impl },
  { opType: 'Pad', domain: '', since: 11, until: 17, impl },
  { opType: 'Pad', domain: '', since: 18, impl },
];
