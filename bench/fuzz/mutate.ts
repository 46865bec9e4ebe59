/**
 * Mutations of ONNX model bytes for bench/fuzz_onnx.ts, driven by a seeded PRNG (no
 * Math.random, so a run is reproducible from its seed): byte-level ones (flips, interesting
 * values, inserts, deletes, truncation, splices with another corpus entry) and
 * structure-aware ones that decode the ModelProto, change one field (dims, element types,
 * node inputs, op types, attributes, opsets, input shapes) and encode it again.
 */
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { type ModelProto, ModelProtoSchema } from '../../src/data/proto/onnx_model_pb.ts';

/** mulberry32: a small seeded PRNG. */
export class Rng {
  constructor(private s: number) {}
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0x08, 0x10, 0x12, 0x1a, 0x22, 0x3a, 0x42, 0x4a];
const BIG = [0, 1, -1, 2, 3, 7, 64, 255, 65535, 2 ** 31 - 1, -(2 ** 31), 2 ** 40, 1e9];
const OPS = [
  'Conv',
  'Gemm',
  'MatMul',
  'Reshape',
  'Slice',
  'Gather',
  'Concat',
  'Add',
  'Loop',
  'If',
  'Pad',
  'Resize',
];

/** The parts one after another, in one new array. */
function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function bytesMutation(rng: Rng, b: Uint8Array, other: Uint8Array): Uint8Array {
  const out = Uint8Array.from(b);
  const at = () => rng.int(Math.max(1, out.length));
  switch (rng.int(8)) {
    case 0:
      if (out.length) out[at()] ^= 1 << rng.int(8);
      return out;
    case 1:
      if (out.length) out[at()] = rng.pick(INTERESTING);
      return out;
    case 2:
      if (out.length) out[at()] = rng.int(256);
      return out;
    case 3: {
      const i = at();
      const n = 1 + rng.int(8);
      return cat(
        out.subarray(0, i),
        Uint8Array.from({ length: n }, () => rng.int(256)),
        out.subarray(i),
      );
    }
    case 4: {
      const i = at();
      return cat(out.subarray(0, i), out.subarray(i + 1 + rng.int(16)));
    }
    case 5:
      return out.subarray(0, at());
    case 6: {
      // splice: a prefix of this input and a suffix of another
      const i = at();
      const j = rng.int(Math.max(1, other.length));
      return cat(out.subarray(0, i), other.subarray(j));
    }
    default: {
      // duplicate a chunk (repeated fields, overlapping messages)
      const i = at();
      const n = 1 + rng.int(64);
      const chunk = out.subarray(i, i + n);
      return cat(out.subarray(0, i), chunk, out.subarray(i));
    }
  }
}

/** One change to a decoded model; false when the model has nothing of that kind. */
function structureMutation(rng: Rng, m: ModelProto): boolean {
  const g = m.graph;
  if (!g) return false;
  const names = [
    ...g.input.map((v) => v.name),
    ...g.initializer.map((t) => t.name),
    ...g.node.flatMap((n) => n.output),
    '',
    'nowhere',
  ];
  const big = () => BigInt(rng.pick(BIG));
  switch (rng.int(10)) {
    case 0:
      if (!g.node.length) return false;
      g.node.splice(rng.int(g.node.length), 1);
      return true;
    case 1:
      if (!g.initializer.length) return false;
      g.initializer.splice(rng.int(g.initializer.length), 1);
      return true;
    case 2: {
      const n = g.node.length ? rng.pick(g.node) : undefined;
      if (!n?.input.length) return false;
      n.input[rng.int(n.input.length)] = rng.pick(names);
      return true;
    }
    case 3: {
      const t = g.initializer.length ? rng.pick(g.initializer) : undefined;
      if (!t) return false;
      if (rng.int(2) && t.dims.length) t.dims[rng.int(t.dims.length)] = big();
      else t.dataType = rng.int(26);
      return true;
    }
    case 4: {
      const n = g.node.length ? rng.pick(g.node) : undefined;
      if (!n) return false;
      n.opType = rng.pick(OPS);
      return true;
    }
    case 5: {
      const a = g.node.flatMap((n) => n.attribute);
      if (!a.length) return false;
      const attr = rng.pick(a);
      if (attr.ints.length) attr.ints[rng.int(attr.ints.length)] = big();
      else if (attr.i !== undefined) attr.i = big();
      else if (attr.f !== undefined) attr.f = rng.pick([Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 1e30]);
      else attr.type = rng.int(15);
      return true;
    }
    case 6:
      if (!m.opsetImport.length) return false;
      rng.pick(m.opsetImport).version = BigInt(rng.pick([0, 1, 6, 7, 9, 11, 13, 17, 21, 99, -1]));
      return true;
    case 7: {
      const v = g.input.length ? rng.pick(g.input) : undefined;
      const dims = v?.type?.value.case === 'tensorType' ? v.type.value.value.shape?.dim : undefined;
      if (!dims?.length) return false;
      const d = rng.pick(dims);
      d.value = rng.int(3) ? { case: 'dimValue', value: big() } : { case: 'dimParam', value: 'N' };
      return true;
    }
    case 8: {
      // a node reads its own output, or a later node's: cycles
      if (g.node.length < 1) return false;
      const a = rng.pick(g.node);
      const b = rng.pick(g.node);
      if (!a.input.length || !b.output.length) return false;
      a.input[rng.int(a.input.length)] = rng.pick(b.output);
      return true;
    }
    default: {
      const o = g.output.length ? rng.pick(g.output) : undefined;
      if (!o) return false;
      o.name = rng.pick(names);
      return true;
    }
  }
}

/** A mutant of `b` (`other`: another corpus entry, for splices). */
export function mutate(rng: Rng, b: Uint8Array, other: Uint8Array): Uint8Array {
  if (rng.int(2)) {
    let out = b;
    for (let k = 1 + rng.int(4); k > 0; k--) out = bytesMutation(rng, out, other);
    return out;
  }
  let m: ModelProto;
  try {
    m = fromBinary(ModelProtoSchema, b);
  } catch {
    return bytesMutation(rng, b, other);
  }
  for (let k = 1 + rng.int(3); k > 0; k--) structureMutation(rng, m);
  return toBinary(ModelProtoSchema, m);
}
