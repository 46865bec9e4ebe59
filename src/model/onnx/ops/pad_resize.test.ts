import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertClose, checkGrad, checkNoLeak, randn, runOp } from '../../../../test/util/onnx_nn.ts';
import { initEngine } from '../../../engine/backend.ts';
import { tf } from '../../../engine/tf.ts';
import { registrations as d2s } from './DepthToSpace.ts';
import { registrations as pad } from './Pad.ts';
import { registrations as resize } from './Resize.ts';
import { registrations as s2d } from './SpaceToDepth.ts';
import { registrations as upsample } from './Upsample.ts';

const rows = (t: tf.Tensor) => Array.from(t.dataSync());

describe('ONNX Pad, Resize, Upsample, DepthToSpace, SpaceToDepth', () => {
  before(async () => {
    await initEngine('wasm');
  });

  it('Pad modes on [1, 2, 3] by (2 before, 1 after)', () => {
    const x = tf.tensor([[1, 2, 3]]);
    const p = (mode: string, opset = 11) =>
      rows(
        runOp(pad, [x, tf.tensor([0, 2, 0, 1], undefined, 'int32'), tf.scalar(9)], { mode }, { opset })[0],
      );
    assert.deepEqual(p('constant'), [9, 9, 1, 2, 3, 9]);
    assert.deepEqual(p('reflect'), [3, 2, 1, 2, 3, 2]);
    assert.deepEqual(p('edge'), [1, 1, 1, 2, 3, 3]);
    assert.deepEqual(p('wrap', 19), [2, 3, 1, 2, 3, 1]);
  });

  it('Pad: attributes before opset 11, negative pads crop, axes at 18, constants read on the host', () => {
    const x = tf.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const [a] = runOp(pad, [x], { pads: [1, 0, 0, -1], value: 7 }, { opset: 2 });
    assert.deepEqual(a.shape, [3, 2]);
    assert.deepEqual(rows(a), [7, 7, 1, 2, 4, 5]);
    const [b] = runOp(
      pad,
      [x, undefined, undefined, undefined],
      { mode: 'edge' },
      { opset: 18, constants: { 1: [1, 2], 3: [-1] } },
    );
    assert.deepEqual(rows(b), [1, 1, 2, 3, 3, 3, 4, 4, 5, 6, 6, 6]);
  });

  it('Resize linear half_pixel equals the hand-computed interpolation', () => {
    // 1-D along W: in [0, 10], scale 2 -> x_orig = (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25
    const x = tf.tensor([0, 10], [1, 1, 1, 2]);
    const [y] = runOp(resize, [x, undefined, tf.tensor([1, 1, 1, 2])], { mode: 'linear' }, { opset: 13 });
    assertClose(rows(y), [0, 2.5, 7.5, 10], 1e-6);
    // align_corners with sizes: x_orig = x * (in-1)/(out-1)
    const [a] = runOp(resize, [x, undefined, undefined, tf.tensor([1, 1, 1, 5], undefined, 'int32')], {
      mode: 'linear',
      coordinate_transformation_mode: 'align_corners',
    });
    assertClose(rows(a), [0, 2.5, 5, 7.5, 10], 1e-6);
  });

  it('Resize nearest modes and coordinate transforms', () => {
    const x = tf.tensor([1, 2, 3], [1, 1, 1, 3]);
    const sizes = tf.tensor([1, 1, 1, 5], undefined, 'int32');
    const r = (attrs: Record<string, string>) =>
      rows(runOp(resize, [x, undefined, undefined, sizes], attrs)[0]);
    // asymmetric: x_orig = x * 3/5 = 0, .6, 1.2, 1.8, 2.4
    assert.deepEqual(
      r({ coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' }),
      [1, 1, 2, 2, 3],
    );
    assert.deepEqual(
      r({ coordinate_transformation_mode: 'asymmetric', nearest_mode: 'ceil' }),
      [1, 2, 3, 3, 3],
    );
    // half_pixel: (x + .5) * .6 - .5 = -.2, .4, 1, 1.6, 2.2
    assert.deepEqual(r({}), [1, 1, 2, 3, 3]);
    // align_corners: x * 2/4 = 0, .5, 1, 1.5, 2: ties go down (round_prefer_floor) or up
    assert.deepEqual(r({ coordinate_transformation_mode: 'align_corners' }), [1, 1, 2, 2, 3]);
    assert.deepEqual(
      r({ coordinate_transformation_mode: 'align_corners', nearest_mode: 'round_prefer_ceil' }),
      [1, 2, 2, 3, 3],
    );
  });

  it('Resize cubic (a = -0.5) interpolates a line exactly inside', () => {
    const x = tf.tensor([0, 1, 2, 3, 4, 5], [1, 1, 1, 6]);
    const [y] = runOp(resize, [x, undefined, tf.tensor([1, 1, 1, 2])], {
      mode: 'cubic',
      cubic_coeff_a: -0.5,
      coordinate_transformation_mode: 'align_corners',
    });
    // Keys cubic with a = -0.5 reproduces linear functions away from the clamped edges
    const v = rows(y);
    for (let i = 3; i < 9; i++) assert.ok(Math.abs(v[i] - (i * 5) / 11) < 1e-5, `${i}: ${v[i]}`);
  });

  it('Upsample (opset 9) nearest and linear, asymmetric', () => {
    const x = tf.tensor([1, 3], [1, 1, 1, 2]);
    const s = tf.tensor([1, 1, 2, 2]);
    assert.deepEqual(rows(runOp(upsample, [x, s], {}, { opset: 9 })[0]), [1, 1, 3, 3, 1, 1, 3, 3]);
    assert.deepEqual(
      rows(runOp(upsample, [x, s], { mode: 'linear' }, { opset: 9 })[0]),
      [1, 2, 3, 3, 1, 2, 3, 3],
    );
    assert.deepEqual(rows(runOp(upsample, [x], { scales: [1, 1, 1, 2] }, { opset: 7 })[0]), [1, 1, 3, 3]);
  });

  it('DepthToSpace (DCR, CRD) and SpaceToDepth follow the ONNX index formulas', () => {
    const [n, c, h, w, b] = [1, 8, 2, 3, 2];
    const xv = Float32Array.from({ length: n * c * h * w }, (_, i) => i);
    const x = tf.tensor(xv, [n, c, h, w]);
    const c2 = c / (b * b);
    for (const mode of ['DCR', 'CRD']) {
      const [y] = runOp(d2s, [x], { blocksize: b, mode });
      assert.deepEqual(y.shape, [n, c2, h * b, w * b]);
      const v = rows(y);
      for (let oc = 0; oc < c2; oc++) {
        for (let oy = 0; oy < h * b; oy++) {
          for (let ox = 0; ox < w * b; ox++) {
            const [bh, bw] = [oy % b, ox % b];
            const ic = mode === 'DCR' ? (bh * b + bw) * c2 + oc : (oc * b + bh) * b + bw;
            const want = xv[(ic * h + Math.floor(oy / b)) * w + Math.floor(ox / b)];
            assert.equal(v[(oc * h * b + oy) * w * b + ox], want);
          }
        }
      }
      if (mode === 'DCR') assert.deepEqual(rows(runOp(s2d, [y], { blocksize: b })[0]), Array.from(xv));
    }
  });

  it('gradients equal finite differences (Resize linear and cubic, Pad reflect/edge)', () => {
    const x = randn([1, 1, 3, 3], 1);
    checkGrad((xx) => runOp(resize, [xx, undefined, tf.tensor([1, 1, 1.5, 2])], { mode: 'linear' })[0], x);
    checkGrad((xx) => runOp(resize, [xx, undefined, tf.tensor([1, 1, 2, 1])], { mode: 'cubic' })[0], x);
    const pads = tf.tensor([0, 0, 2, 1, 0, 0, 1, 2], undefined, 'int32');
    checkGrad((xx) => runOp(pad, [xx, pads], { mode: 'reflect' })[0], x);
    checkGrad((xx) => runOp(pad, [xx, pads], { mode: 'edge' })[0], x);
  });

  it('leaves no tensors behind', () => {
    const x = randn([1, 4, 2, 2], 2);
    checkNoLeak(() => runOp(resize, [x, undefined, tf.tensor([1, 1, 2, 2])], { mode: 'linear' }));
    checkNoLeak(() =>
      runOp(
        pad,
        [x, tf.tensor([0, 0, 1, 1, 0, 0, 1, 1], undefined, 'int32')],
        { mode: 'wrap' },
        { opset: 19 },
      ),
    );
    checkNoLeak(() => runOp(d2s, [x], { blocksize: 2 }));
  });
});
