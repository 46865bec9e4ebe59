/** The CLI end to end: real processes, real bundled models, real data. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const BIN = path.resolve('bin/glassbox.js');
const FMNIST = '/usr/share/datasets/fashion-mnist';

function glassbox(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GLASSBOX_BACKEND: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('glassbox CLI', () => {
  it('--help lists the commands and every command has --help', () => {
    const r = glassbox('--help');
    assert.equal(r.code, 0);
    for (const c of ['models', 'info', 'predict', 'evaluate', 'explain', 'doctor', 'demo']) {
      assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
      const h = glassbox(c, '--help');
      assert.equal(h.code, 0, c);
      assert.match(h.stdout, /Usage: glassbox/);
    }
  });

  it('models lists the three bundled models', () => {
    const r = glassbox('models', '--json');
    assert.equal(r.code, 0, r.stderr);
    const names = JSON.parse(r.stdout).map((m: { name: string }) => m.name);
    assert.deepEqual(names, ['mnist-cnn', 'fmnist-cnn', 'mnist-mlp']);
  });

  it('info shows the layer table of a zoo model', () => {
    const r = glassbox('info', '--model', 'mnist-mlp', '--json');
    assert.equal(r.code, 0, r.stderr);
    const info = JSON.parse(r.stdout);
    assert.deepEqual(info.inputShape, [28, 28, 1]);
    assert.deepEqual(
      info.layers.map((l: { name: string }) => l.name),
      ['flatten', 'fc1', 'fc2', 'logits', 'probs'],
    );
    assert.equal(info.params, 784 * 128 + 128 + 128 * 128 + 128 + 128 * 10 + 10);
  });

  it('predict gives top-k probabilities that sum to at most 1 and name the classes', () => {
    const r = glassbox(
      'predict',
      '--model',
      'mnist-cnn',
      '--input',
      'mnist:8000-8004',
      '--top',
      '3',
      '--json',
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.predictions.length, 5);
    for (const p of out.predictions) {
      assert.equal(p.top.length, 3);
      const s = p.top.reduce((a: number, t: { prob: number }) => a + t.prob, 0);
      assert.ok(s <= 1 + 1e-5 && s > 0.5);
      assert.ok(p.top[0].prob >= p.top[1].prob);
    }
    // A held-out digit set: most of five should be right.
    const right = out.predictions.filter(
      (p: { label: number; top: { class: number }[] }) => p.top[0].class === p.label,
    );
    assert.ok(right.length >= 4);
  });

  it('evaluate fmnist-cnn on the official Fashion-MNIST test set reaches 90%', (t) => {
    if (!existsSync(`${FMNIST}/t10k-images-idx3-ubyte.gz`))
      return t.skip('dataset-fashion-mnist is not installed');
    const data = `idx:${FMNIST}/t10k-images-idx3-ubyte.gz:${FMNIST}/t10k-labels-idx1-ubyte.gz`;
    const r = glassbox('evaluate', '--model', 'fmnist-cnn', '--data', data, '--json');
    assert.equal(r.code, 0, r.stderr);
    const ev = JSON.parse(r.stdout);
    assert.equal(ev.examples, 10000);
    assert.ok(ev.accuracy >= 0.9, `accuracy ${ev.accuracy}`);
    const total = ev.confusion.flat().reduce((a: number, b: number) => a + b, 0);
    assert.equal(total, 10000);
    const diag = ev.confusion.reduce((a: number, row: number[], i: number) => a + row[i], 0);
    assert.equal(diag / total, ev.accuracy);
  });

  it('evaluate mnist-cnn on the 2,000 held-out digits reaches 98.5%', () => {
    const r = glassbox('evaluate', '--model', 'mnist-cnn', '--data', 'mnist:8000-9999', '--json');
    assert.equal(r.code, 0, r.stderr);
    const ev = JSON.parse(r.stdout);
    assert.equal(ev.examples, 2000);
    assert.ok(ev.accuracy >= 0.985, `accuracy ${ev.accuracy}`);
  });

  it('doctor reports every registered kernel ok', () => {
    const r = glassbox('doctor', '--json');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const d = JSON.parse(r.stdout);
    assert.equal(d.backend, 'wasm');
    assert.equal(d.simd, true);
    assert.ok(d.kernels.length > 10);
    for (const k of d.kernels) assert.ok(k.ok, `${k.kernel} ${k.case}: ${k.maxRelErr} ${k.error ?? ''}`);
  });

  it('demo writes a picture', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'glassbox-cli-')), 'demo.png');
    const r = glassbox('demo', '--out', out, '--model', 'mnist-cnn', '--input', 'mnist:8000', '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(out));
    assert.equal(JSON.parse(r.stdout).picture, out);
  });

  it('bad input gives one clear line and exit code 1', () => {
    const cases: [string[], RegExp][] = [
      [['info', '--model', 'nope'], /^glassbox: no model 'nope': not a bundled model/],
      [['info', '--model', 'missing/model.json'], /^glassbox: no model 'missing\/model.json'/],
      [['predict', '--model', 'mnist-cnn', '--input', 'mnist:12000'], /^glassbox: .*12000.*out of range/],
      [['predict', '--model', 'mnist-cnn', '--input', 'no-such.png'], /^glassbox: no such file: no-such.png/],
      [['info', '--model', 'fmnist-cnn', '--backend', 'gpu'], /^glassbox: unknown backend 'gpu'/],
    ];
    for (const [args, re] of cases) {
      const r = glassbox(...args);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
