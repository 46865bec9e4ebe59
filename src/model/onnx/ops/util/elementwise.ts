/** Registration factories for element-wise ops (one input, or two with broadcasting). */
import { type Tensor, tf } from '../../../../engine/tf.ts';
import type { OnnxNode, OpContext, OpRegistration } from '../../types.ts';
import { attrNum, need } from './attrs.ts';

type Unary = (x: Tensor, node: OnnxNode) => Tensor;
type Binary = (a: Tensor, b: Tensor, node: OnnxNode) => Tensor;

/** One registration of a one-input, one-output op from `since` on. */
export function unary(opType: string, since: number, fn: Unary): OpRegistration[] {
  return [
    {
      opType,
      domain: '',
      since,
      impl: { run: (inputs, ctx: OpContext) => [tf.tidy(() => fn(need(inputs, 0, ctx.node), ctx.node))] },
    },
  ];
}

/**
 * Before opset 7, binary ops broadcast only when `broadcast=1`, and then B aligns with A
 * starting at `axis` (default: B's dims are A's trailing dims). Reshaping B with trailing
 * ones turns that into numpy broadcasting.
 */
export function legacyAlign(a: Tensor, b: Tensor, node: OnnxNode): Tensor {
  if (attrNum(node, 'broadcast', 0) !== 1 || b.rank >= a.rank) return b;
  const axis = attrNum(node, 'axis', a.rank - b.rank);
  const start = axis < 0 ? axis + a.rank : axis;
  const trailing = a.rank - start - b.rank;
  return trailing > 0 ? b.reshape([...b.shape, ...new Array<number>(trailing).fill(1)]) : b;
}

/**
 * A two-input op: opsets 1-6 with the legacy `broadcast`/`axis` attributes, 7 on with
 * numpy-style multidirectional broadcasting (which tf ops follow).
 */
export function binary(opType: string, fn: Binary, since = 1): OpRegistration[] {
  const run =
    (legacy: boolean) =>
    (inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] => {
      const a = need(inputs, 0, ctx.node);
      const b = need(inputs, 1, ctx.node);
      return [tf.tidy(() => fn(a, legacy ? legacyAlign(a, b, ctx.node) : b, ctx.node))];
    };
  const regs: OpRegistration[] = [];
  if (since < 7) regs.push({ opType, domain: '', since, until: 6, impl: { run: run(true) } });
  regs.push({ opType, domain: '', since: Math.max(since, 7), impl: { run: run(false) } });
  return regs;
}

/** A variadic op (Sum, Max, …) folding its inputs pairwise with broadcasting. */
export function variadic(opType: string, fold: Binary, finish?: (acc: Tensor, n: number) => Tensor) {
  const regs: OpRegistration[] = [
    {
      opType,
      domain: '',
      since: 1,
      impl: {
        run: (inputs, ctx) => {
          const xs = inputs.filter((t): t is Tensor => t !== undefined);
          if (xs.length === 0) need(inputs, 0, ctx.node);
          return [
            tf.tidy(() => {
              let acc = xs.length === 1 ? xs[0].clone() : xs[0];
              for (let i = 1; i < xs.length; i++) acc = fold(acc, xs[i], ctx.node);
              return finish ? finish(acc, xs.length) : acc;
            }),
          ];
        },
      },
    },
  ];
  return regs;
}
