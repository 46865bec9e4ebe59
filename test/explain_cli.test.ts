/** `glassbox explain` end to end: real processes, bundled models, an ONNX fixture. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';

const BIN = path.resolve('bin/glassbox.js');
const dir = mkdtempSync(path.join(tmpdir(), 'glassbox-explain-'));

function glassbox(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GLASSBOX_BACKEND: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Shape of nested arrays. */
function shapeOf(v: unknown): number[] {
  const s: number[] = [];
  while (Array.isArray(v)) {
    s.push(v.length);
    v = v[0];
  }
  return s;
}

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);

describe('glassbox explain', () => {
  it('saliency on mnist-cnn writes a PNG and values nested like the input (NHWC), with the target', () => {
    const png = path.join(dir, 'sal.png');
    const json = path.join(dir, 'sal.json');
    const r = glassbox(
      'explain',
      '--model',
      'mnist-cnn',
      '--input',
      'mnist:8000',
      '--method',
      'saliency',
      '--target',
      '3',
      '--out',
      png,
      '--out-json',
      json,
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(readFileSync(json, 'utf8'));
    assert.equal(out.method, 'saliency');
    assert.deepEqual(out.target, [3]);
    assert.equal(out.layout, 'nhwc');
    assert.deepEqual(out.shape, [1, 28, 28, 1]);
    assert.deepEqual(shapeOf(out.values), [1, 28, 28, 1]);
    const v = flat(out.values);
    assert.ok(v.every((a) => Number.isFinite(a) && a >= 0) && v.some((a) => a > 0));
    assert.equal(out.metrics, undefined);
    const img = PNG.sync.read(readFileSync(png));
    assert.ok(img.width > 3 * 112 && img.height > 112);
  });

  it('--metrics adds every metric (ONNX fixture: NCHW values, sanity skipped with the reason)', () => {
    const json = path.join(dir, 'onnx.json');
    const r = glassbox(
      'explain',
      '--model',
      'test/fixtures/onnx/small_cnn.onnx',
      '--input',
      'test/fixtures/onnx/small_cnn.input.npy',
      '--method',
      'saliency',
      '--metrics',
      '--out',
      path.join(dir, 'onnx.svg'),
      '--out-json',
      json,
      '--json',
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(readFileSync(json, 'utf8'));
    assert.equal(out.layout, 'nchw');
    assert.deepEqual(shapeOf(out.values), [1, 3, 32, 32]);
    const m = out.metrics;
    for (const k of [
      'deletionAuc',
      'insertionAuc',
      'deletion',
      'insertion',
      'infidelity',
      'sensitivityMax',
      'skipped',
    ])
      assert.ok(k in m, k);
    assert.equal(m.deletion.fractions.length, 51);
    assert.ok(m.deletionAuc[0] >= 0 && m.insertionAuc[0] <= 1);
    assert.match(m.skipped.map((s: { metric: string }) => s.metric).join(','), /sanity/);
    const svg = readFileSync(path.join(dir, 'onnx.svg'), 'utf8');
    assert.match(svg, /^<svg[^>]+>/);
    assert.equal((svg.match(/<image /g) ?? []).length, 4);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.methods[0].method, 'saliency');
    assert.ok(summary.methods[0].metrics.deletionAuc);
  });

  it('--metrics on a TF.js model runs the randomisation sanity check layer by layer', () => {
    const json = path.join(dir, 'mlp.json');
    const r = glassbox(
      'explain',
      '--model',
      'mnist-mlp',
      '--input',
      'mnist:8001',
      '--method',
      'saliency',
      '--metrics',
      '--out',
      path.join(dir, 'mlp.png'),
      '--out-json',
      json,
    );
    assert.equal(r.code, 0, r.stderr);
    const steps = JSON.parse(readFileSync(json, 'utf8')).metrics.sanity.steps;
    assert.deepEqual(
      steps.map((s: { layer: string }) => s.layer),
      ['logits', 'fc2', 'fc1'],
    );
    for (const s of steps) for (const k of ['spearman', 'spearmanAbs', 'ssim']) assert.equal(s[k].length, 1);
    assert.match(r.stdout, /deletion\s+insertion\s+infidelity/);
  });

  it('--method all renders one comparison grid of every registered method', () => {
    const png = path.join(dir, 'all.png');
    const json = path.join(dir, 'all.json');
    const r = glassbox(
      'explain',
      '--model',
      'mnist-cnn',
      '--input',
      'mnist:8002',
      '--method',
      'all',
      '--out',
      png,
      '--out-json',
      json,
    );
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(readFileSync(json, 'utf8'));
    const names = list.map((e: { method: string }) => e.method);
    assert.ok(names.includes('saliency') && names.length >= 2, names.join(','));
    for (const e of list) assert.deepEqual(shapeOf(e.values), e.shape);
    const img = PNG.sync.read(readFileSync(png));
    assert.ok(img.width >= 6 * 128, `${img.width}`);
  });

  it('a bad method name gives one line listing the names; bad flags too', () => {
    const cases: [string[], RegExp][] = [
      [['--method', 'salency'], /^glassbox: unknown method 'salency': use one of saliency, .*, or all$/],
      [['--method', 'saliency', '--window', '4by4'], /^glassbox: --window must look like 4x4/],
      [
        ['--method', 'saliency', '--ig-method', 'simpson'],
        /^glassbox: --ig-method must be one of gauss-legendre/,
      ],
      [['--method', 'saliency', '--target', 'cat'], /^glassbox: --target must be a class index/],
    ];
    for (const [args, re] of cases) {
      const r = glassbox('explain', '--model', 'mnist-cnn', '--input', 'mnist:0', ...args);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr.trim(), re);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
