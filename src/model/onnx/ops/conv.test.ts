import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  assertClose,
  checkGrad,
  checkNoLeak,
  normals,
  randn,
  runOp,
  size,
} from '../../../../test/util/onnx_nn.ts';
import { refConv, refConvTranspose } from '../../../../test/util/onnx_ref.ts';
import { initEngine } from '../../../engine/backend.ts';
import { tf } from '../../../engine/tf.ts';
import type { AttrValue } from '../types.ts';
import { registrations as conv } from './Conv.ts';
import { registrations as convT } from './ConvTranspose.ts';

interface Case {
  name: string;
  xs: number[];
  ws: number[];
  bias?: boolean;
  attrs: Record<string, AttrValue>;
  /** the explicit geometry the reference uses */
  geom: { strides: number[]; dil: number[]; begin: number[]; end: number[]; group: number };
}

const g2 = (o: Partial<Case['geom']>) => ({
  strides: [1, 1],
  dil: [1, 1],
  begin: [0, 0],
  end: [0, 0],
  group: 1,
  ...o,
});

const convCases: Case[] = [
  {
    name: '3x3 pads 1 with bias',
    xs: [2, 3, 5, 5],
    ws: [4, 3, 3, 3],
    bias: true,
    attrs: { pads: [1, 1, 1, 1] },
    geom: g2({ begin: [1, 1], end: [1, 1] }),
  },
  {
    name: 'groups 2, stride 2, asymmetric pads',
    xs: [1, 4, 7, 6],
    ws: [6, 2, 3, 2],
    attrs: { group: 2, strides: [2, 2], pads: [0, 1, 2, 1] },
    geom: g2({ strides: [2, 2], begin: [0, 1], end: [2, 1], group: 2 }),
  },
  {
    name: 'depthwise with multiplier 2, dilation 2',
    xs: [1, 3, 7, 7],
    ws: [6, 1, 3, 3],
    bias: true,
    attrs: { group: 3, dilations: [2, 2], pads: [1, 2, 1, 0] },
    geom: g2({ dil: [2, 2], begin: [1, 2], end: [1, 0], group: 3 }),
  },
  {
    name: 'stride 2 and dilation 2 at once',
    xs: [1, 2, 9, 8],
    ws: [3, 2, 2, 3],
    attrs: { strides: [2, 3], dilations: [2, 2], pads: [1, 0, 0, 2] },
    geom: g2({ strides: [2, 3], dil: [2, 2], begin: [1, 0], end: [0, 2] }),
  },
  {
    name: 'auto_pad SAME_UPPER stride 2',
    xs: [1, 2, 6, 5],
    ws: [2, 2, 3, 3],
    attrs: { auto_pad: 'SAME_UPPER', strides: [2, 2] },
    geom: g2({ strides: [2, 2], begin: [0, 1], end: [1, 1] }),
  },
  {
    name: 'auto_pad SAME_LOWER',
    xs: [1, 1, 4, 4],
    ws: [1, 1, 2, 2],
    attrs: { auto_pad: 'SAME_LOWER' },
    geom: g2({ begin: [1, 1], end: [0, 0] }),
  },
  {
    name: '1-D, groups 2, bias',
    xs: [2, 4, 9],
    ws: [4, 2, 3],
    bias: true,
    attrs: { group: 2, strides: [2], pads: [1, 2] },
    geom: { strides: [2], dil: [1], begin: [1], end: [2], group: 2 },
  },
  {
    name: '3-D, groups 2, stride 2, dilation',
    xs: [1, 2, 5, 5, 4],
    ws: [2, 1, 2, 3, 2],
    attrs: { group: 2, strides: [2, 1, 1], dilations: [1, 2, 1], pads: [1, 1, 0, 0, 1, 1] },
    geom: { strides: [2, 1, 1], dil: [1, 2, 1], begin: [1, 1, 0], end: [0, 1, 1], group: 2 },
  },
];

describe('ONNX Conv and ConvTranspose', () => {
  before(async () => {
    await initEngine('wasm');
  });

  for (const c of convCases) {
    it(`Conv ${c.name} equals the brute-force loop`, () => {
      const xv = normals(size(c.xs), 1);
      const wv = normals(size(c.ws), 2);
      const bv = c.bias ? normals(c.ws[0], 3) : null;
      const ref = refConv(xv, c.xs, wv, c.ws, bv, c.geom);
      const [y] = runOp(
        conv,
        [tf.tensor(xv, c.xs), tf.tensor(wv, c.ws), bv ? tf.tensor(bv) : undefined],
        c.attrs,
      );
      assert.deepEqual(y.shape, ref.shape);
      assertClose(y.dataSync(), ref.data, 1e-5, c.name);
    });
  }

  it('Conv input gradient equals finite differences (groups 2, stride 2, asymmetric pads)', () => {
    const w = randn([4, 1, 3, 2], 5);
    const x = randn([1, 2, 5, 5], 6);
    const attrs = { group: 2, strides: [2, 2], pads: [0, 1, 2, 0] };
    checkGrad((xx) => runOp(conv, [xx, w], attrs)[0], x);
    checkGrad((ww) => runOp(conv, [x, ww], attrs)[0], w);
  });

  it('Conv gradients through depthwise + dilation and 1-D', () => {
    const x = randn([1, 2, 6, 6], 7);
    const w = randn([4, 1, 3, 3], 8);
    checkGrad((xx) => runOp(conv, [xx, w], { group: 2, dilations: [2, 2], pads: [1, 1, 2, 2] })[0], x);
    const x1 = randn([1, 2, 7], 9);
    const w1 = randn([3, 2, 3], 10);
    checkGrad((xx) => runOp(conv, [xx, w1], { strides: [2], pads: [1, 0] })[0], x1);
  });

  const tCases: (Case & { outPad?: number[] })[] = [
    {
      name: 'stride 2, pads, output_padding, bias',
      xs: [1, 2, 3, 4],
      ws: [2, 3, 3, 3],
      bias: true,
      attrs: { strides: [2, 2], pads: [1, 0, 1, 1], output_padding: [1, 1] },
      geom: g2({ strides: [2, 2], begin: [1, 0], end: [1, 1] }),
      outPad: [1, 1],
    },
    {
      name: 'groups 2 with dilation',
      xs: [1, 4, 3, 3],
      ws: [4, 2, 2, 3],
      attrs: { group: 2, dilations: [2, 1], strides: [1, 2] },
      geom: g2({ dil: [2, 1], strides: [1, 2], group: 2 }),
    },
    {
      name: 'depthwise stride 3 crop',
      xs: [2, 3, 3, 2],
      ws: [3, 1, 3, 3],
      attrs: { group: 3, strides: [3, 3], pads: [2, 0, 3, 1] },
      geom: g2({ strides: [3, 3], begin: [2, 0], end: [3, 1], group: 3 }),
    },
    {
      name: '1-D',
      xs: [1, 2, 5],
      ws: [2, 2, 3],
      attrs: { strides: [2] },
      geom: { strides: [2], dil: [1], begin: [0], end: [0], group: 1 },
    },
  ];
  for (const c of tCases) {
    it(`ConvTranspose ${c.name} equals the scatter loop`, () => {
      const xv = normals(size(c.xs), 11);
      const wv = normals(size(c.ws), 12);
      const bv = c.bias ? normals(c.ws[1] * c.geom.group, 13) : null;
      const outPad = c.outPad ?? c.geom.strides.map(() => 0);
      const ref = refConvTranspose(xv, c.xs, wv, c.ws, bv, { ...c.geom, outPad });
      const [y] = runOp(
        convT,
        [tf.tensor(xv, c.xs), tf.tensor(wv, c.ws), bv ? tf.tensor(bv) : undefined],
        c.attrs,
      );
      assert.deepEqual(y.shape, ref.shape);
      assertClose(y.dataSync(), ref.data, 1e-5, c.name);
    });
  }

  it('ConvTranspose output_shape and SAME_UPPER give the requested size', () => {
    const x = randn([1, 1, 3, 3], 14);
    const w = randn([1, 2, 3, 3], 15);
    const [a] = runOp(convT, [x, w], { strides: [3, 2], output_shape: [10, 8] });
    assert.deepEqual(a.shape, [1, 2, 10, 8]);
    const [b] = runOp(convT, [x, w], { strides: [2, 2], auto_pad: 'SAME_UPPER' });
    assert.deepEqual(b.shape, [1, 2, 6, 6]);
  });

  it('ConvTranspose gradients equal finite differences', () => {
    const x = randn([1, 2, 3, 3], 16);
    const w = randn([2, 2, 3, 2], 17);
    const attrs = { strides: [2, 2], pads: [1, 0, 0, 1], output_padding: [1, 0] };
    checkGrad((xx) => runOp(convT, [xx, w], attrs)[0], x);
    checkGrad((ww) => runOp(convT, [x, ww], attrs)[0], w);
  });

  it('leaves no tensors behind', () => {
    const x = randn([1, 4, 6, 6], 18);
    const w = randn([4, 2, 3, 3], 19);
    checkNoLeak(() => runOp(conv, [x, w], { group: 2, dilations: [2, 2], strides: [2, 2] }));
    checkNoLeak(() => runOp(convT, [x, w], { group: 2, strides: [2, 2] }));
  });

  it('memoizes the filter through ctx.memo, with the same results', () => {
    const x = randn([1, 4, 5, 5], 20);
    const w = randn([4, 2, 3, 3], 21);
    const memo = new Map<string, tf.Tensor>();
    const cases: [typeof conv, Record<string, AttrValue>][] = [
      [conv, { group: 2, pads: [1, 1, 1, 1] }],
      [convT, { group: 2, strides: [2, 2] }],
    ];
    for (const [regs, a] of cases) {
      const plain = runOp(regs, [x, w], a)[0].dataSync();
      const first = runOp(regs, [x, w], a, { memo })[0].dataSync();
      const kept = memo.get('filter');
      assert.ok(kept);
      const second = runOp(regs, [x, w], a, { memo })[0].dataSync();
      assert.equal(memo.get('filter'), kept);
      assert.deepEqual(Array.from(first), Array.from(plain));
      assert.deepEqual(Array.from(second), Array.from(plain));
      kept.dispose();
      memo.clear();
    }
  });

  it('names the node in errors', () => {
    const x = tf.zeros([1, 3, 4, 4]);
    const w = tf.zeros([2, 2, 3, 3]);
    assert.throws(() => runOp(conv, [x, w]), /Conv node 'Conv_test': input has 3 channels/);
  });
});
