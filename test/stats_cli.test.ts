/** `glassbox stats`: real processes on small JSON files. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const BIN = path.resolve('bin/glassbox.js');
const dir = mkdtempSync(path.join(tmpdir(), 'glassbox-stats-'));

function file(name: string, value: unknown): string {
  const p = path.join(dir, name);
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
  return p;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Starts `glassbox stats ARGS` without waiting: the CLI's start-up dominates, so runs overlap. */
function glassbox(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'stats', ...args], (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const xs = Array.from({ length: 200 }, (_, i) => i / 199);
const X = file('x.json', xs);
const Y = file(
  'y.json',
  xs.map((v) => Math.sin(10 * Math.PI * v) + v),
);

const LIN = file(
  'lin.json',
  xs.map((v) => 3 * v - 1),
);
const MEASURES = ['pearson', 'spearman', 'kendall', 'dcor', 'mi-ksg', 'mi-binned'];
const M = file('m.json', [
  { name: 'a', values: [1, 2, 3, 4, 5] },
  { name: 'b', values: [2, 4, 6, 8, 10] },
  { name: 'c', values: [5, 4, 3, 2, 1] },
]);
const ERRORS: [string[], RegExp][] = [
  [['dcor', '--x', X, '--y', file('short.json', [1, 2, 3])], /x has 200 values but y has 3/],
  [['pearson', '--x', X, '--y', file('nan.json', '[1, null, 2]')], /\[1\] is null: values must be finite/],
  [['mic', '--x', file('two.json', [1, 2]), '--y', file('two2.json', [2, 1])], /at least 4 points/],
  [['tau', '--x', X, '--y', Y], /unknown measure 'tau'/],
];
// every process starts now; the tests below await their own
const runs = {
  measures: MEASURES.map((m) => glassbox(m, '--x', X, '--y', LIN, '--json')),
  mic: glassbox('mic', '--x', X, '--y', Y, '--alpha', '0.6', '--c', '15', '--json'),
  matrix: glassbox('spearman', '--matrix', M, '--json'),
  errors: ERRORS.map(([args]) => glassbox(...args)),
};

describe('glassbox stats', () => {
  it('prints {measure, value} for every measure', async () => {
    for (const [i, m] of MEASURES.entries()) {
      const r = await runs.measures[i];
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.measure, m);
      assert.equal(typeof out.value, 'number');
      if (!m.startsWith('mi')) assert.ok(Math.abs(out.value - 1) < 1e-9, `${m}: ${out.value}`);
      else assert.ok(out.value > 1, `${m}: ${out.value}`);
    }
  });

  it('mic prints mas, mev, mcn, mcnGeneral and tic, and takes --alpha and --c', async () => {
    const r = await runs.mic;
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ['measure', 'value', 'mas', 'mev', 'mcn', 'mcnGeneral', 'tic']);
    assert.ok(out.value > 0.9 && out.value <= 1);
  });

  it('matrix mode gives every pair of named columns', async () => {
    const r = await runs.matrix;
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.names, ['a', 'b', 'c']);
    assert.deepEqual(out.matrix, [
      [null, 1, -1],
      [1, null, -1],
      [-1, -1, null],
    ]);
    assert.deepEqual(
      out.pairs.map((p: { x: string; y: string }) => `${p.x}${p.y}`),
      ['ab', 'ac', 'bc'],
    );
  });

  it('fails with one clear line on bad input', async () => {
    for (const [i, [args, re]] of ERRORS.entries()) {
      const r = await runs.errors[i];
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
  });
});
