/**
 * Stock wasm kernels meeting complex64 inputs. tfjs-backend-wasm 4.22 knows no complex
 * arithmetic: its C++ kernels print "Unknown dtype 4" and leave zeros, its JavaScript ones
 * (Concat, Cast, OnesLike, Slice, ...) copy element counts into 2x-wide interleaved blocks,
 * both silently wrong. These wrappers (call-through: real inputs go to the stock kernel)
 * give wasm the complex support the cpu backend has:
 *   Add, Sub, Multiply (with broadcasting), Cast (to and from complex64), Concat, Pack, OnesLike
 * and make the kernels that the cpu backend refuses for complex64 refuse it on wasm too,
 * with the cpu backend's message, instead of returning garbage. Reshape, Identity, ZerosLike
 * and Transpose already work on the interleaved layout (complex_storage.ts).
 */
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapView, sizeOf } from './complex_storage.ts';

export interface KernelWrapper {
  kernelName: string;
  backendName: string;
  wrap: (stock: KernelFunc) => KernelFunc;
}

type Args = Parameters<KernelFunc>[0];

function infos(args: Args): TensorInfo[] {
  return Object.values(args.inputs as unknown as Record<string, TensorInfo>);
}

/** For each output index along each axis, the input's stride (0 where the input broadcasts). */
function broadcastStrides(inShape: readonly number[], outShape: readonly number[]): number[] {
  const strides = new Array<number>(outShape.length).fill(0);
  let s = 1;
  for (let i = inShape.length - 1, o = outShape.length - 1; i >= 0; i--, o--) {
    strides[o] = inShape[i] === 1 ? 0 : s;
    s *= inShape[i];
  }
  return strides;
}

/** z = a op b elementwise with broadcasting; a real operand counts as imaginary part 0. */
function binary(op: 'add' | 'sub' | 'mul'): KernelFunc {
  return ({ inputs, backend }) => {
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const be = backend as BackendWasm;
    const shape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const out = be.makeOutput(shape, 'complex64');
    const [av, bv, ov] = [heapView(be, a), heapView(be, b), heapView(be, out)];
    const [ac, bc] = [a.dtype === 'complex64', b.dtype === 'complex64'];
    const [as, bs] = [broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape)];
    const idx = new Array<number>(shape.length).fill(0);
    const size = sizeOf(shape);
    let ia = 0;
    let ib = 0;
    for (let i = 0; i < size; i++) {
      const ar = ac ? av[2 * ia] : av[ia];
      const ai = ac ? av[2 * ia + 1] : 0;
      const br = bc ? bv[2 * ib] : bv[ib];
      const bi = bc ? bv[2 * ib + 1] : 0;
      if (op === 'mul') {
        ov[2 * i] = ar * br - ai * bi;
        ov[2 * i + 1] = ar * bi + ai * br;
      } else {
        const sign = op === 'add' ? 1 : -1;
        ov[2 * i] = ar + sign * br;
        ov[2 * i + 1] = ai + sign * bi;
      }
      // odometer over the output index, moving the input offsets along
      for (let d = shape.length - 1; d >= 0; d--) {
        ia += as[d];
        ib += bs[d];
        if (++idx[d] < shape[d]) break;
        ia -= as[d] * shape[d];
        ib -= bs[d] * shape[d];
        idx[d] = 0;
      }
    }
    return out;
  };
}

/** Complex tensors laid side by side: each input is [outer, inner_i] (inner in elements). */
function joinRows(
  backend: BackendWasm,
  ins: TensorInfo[],
  outShape: number[],
  outer: number,
  inner: number[],
) {
  const out = backend.makeOutput(outShape, 'complex64');
  const ov = heapView(backend, out);
  const views = ins.map((t) => heapView(backend, t));
  const total = inner.reduce((a, d) => a + d, 0);
  for (let r = 0; r < outer; r++) {
    let at = 2 * r * total;
    for (let k = 0; k < ins.length; k++) {
      ov.set(views[k].subarray(2 * r * inner[k], 2 * (r + 1) * inner[k]), at);
      at += 2 * inner[k];
    }
  }
  return out;
}

const concat: KernelFunc = ({ inputs, backend, attrs }) => {
  const ins = inputs as unknown as TensorInfo[];
  const axis = normalizeAxis((attrs as { axis: number | number[] }).axis, ins[0].shape.length);
  const outShape = backend_util.computeOutShape(
    ins.map((t) => t.shape),
    axis,
  );
  const outer = sizeOf(outShape.slice(0, axis));
  return joinRows(
    backend as BackendWasm,
    ins,
    outShape,
    outer,
    ins.map((t) => sizeOf(t.shape.slice(axis))),
  );
};

const pack: KernelFunc = ({ inputs, backend, attrs }) => {
  const ins = inputs as unknown as TensorInfo[];
  const shape = ins[0].shape;
  const axis = normalizeAxis((attrs as { axis: number }).axis, shape.length + 1);
  const outShape = [...shape.slice(0, axis), ins.length, ...shape.slice(axis)];
  const inner = sizeOf(shape.slice(axis));
  return joinRows(
    backend as BackendWasm,
    ins,
    outShape,
    sizeOf(shape.slice(0, axis)),
    ins.map(() => inner),
  );
};

function normalizeAxis(axis: number | number[], rank: number): number {
  const a = Array.isArray(axis) ? axis[0] : axis;
  return a < 0 ? a + rank : a;
}

const onesLike: KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as { x: TensorInfo };
  const be = backend as BackendWasm;
  const out = be.makeOutput(x.shape.slice(), 'complex64');
  const ov = heapView(be, out);
  for (let i = 0; i < ov.length; i += 2) {
    ov[i] = 1;
    ov[i + 1] = 0;
  }
  return out;
};

/** Casts to complex64 (imaginary part 0) and from it (the real part, as the cpu backend). */
const cast: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs as { x: TensorInfo };
  const { dtype } = attrs as { dtype: 'float32' | 'int32' | 'bool' | 'complex64' };
  const be = backend as BackendWasm;
  const out = be.makeOutput(x.shape.slice(), dtype);
  const [xv, ov] = [heapView(be, x), heapView(be, out)];
  const n = sizeOf(x.shape);
  if (dtype === 'complex64' && x.dtype === 'complex64') {
    ov.set(xv);
  } else if (dtype === 'complex64') {
    for (let i = 0; i < n; i++) {
      ov[2 * i] = xv[i];
      ov[2 * i + 1] = 0;
    }
  } else {
    const convert =
      dtype === 'int32' ? Math.trunc : dtype === 'bool' ? (v: number) => (v !== 0 ? 1 : 0) : Number;
    for (let i = 0; i < n; i++) ov[i] = convert(xv[2 * i]);
  }
  return out;
};

function withComplex(
  kernelName: string,
  impl: KernelFunc,
  when?: (attrs: NamedAttrMap) => boolean,
): KernelWrapper {
  return {
    kernelName,
    backendName: 'wasm',
    wrap: (stock) => (args) => {
      const complex = infos(args).some((t) => t.dtype === 'complex64') || (when?.(args.attrs ?? {}) ?? false);
      return complex ? impl(args) : stock(args);
    },
  };
}

function refuse(kernelName: string): KernelWrapper {
  return {
    kernelName,
    backendName: 'wasm',
    wrap: (stock) => (args) => {
      if (infos(args).some((t) => t.dtype === 'complex64')) {
        throw new Error(`${kernelName} does not support complex64 tensors in the wasm backend.`);
      }
      return stock(args);
    },
  };
}

/** Kernels the cpu backend also refuses for complex64 (no complex arithmetic in tfjs). */
const REFUSED = [
  'Slice',
  'StridedSlice',
  'SplitV',
  'Unpack',
  'Reverse',
  'Tile',
  'PadV2',
  'MirrorPad',
  'GatherV2',
  'GatherNd',
  'Select',
  'Sum',
  'Mean',
  'Prod',
  'Max',
  'Min',
  'Maximum',
  'Minimum',
  'RealDiv',
  'Square',
  'Neg',
  'Exp',
  'Log',
  'Sqrt',
];

export const complexWrappers: readonly KernelWrapper[] = [
  withComplex('Add', binary('add')),
  withComplex('Sub', binary('sub')),
  withComplex('Multiply', binary('mul')),
  withComplex('Cast', cast, (attrs) => attrs.dtype === 'complex64'),
  withComplex('Concat', concat),
  withComplex('Pack', pack),
  withComplex('OnesLike', onesLike),
  ...REFUSED.map(refuse),
];
