import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DataError } from './errors.ts';
import { FASHION_MNIST_CLASSES, loadIdxDataset, parseIdx, readIdx } from './idx.ts';

const dir = mkdtempSync(join(tmpdir(), 'glassbox-idx-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Hand-built IDX bytes: 00 00 type rank, dims big-endian, values big-endian. */
function idx(type: number, shape: number[], values: number[]): Buffer {
  const size = { 8: 1, 9: 1, 11: 2, 12: 4, 13: 4, 14: 8 }[type]!;
  const b = Buffer.alloc(4 + 4 * shape.length + size * values.length);
  b[2] = type;
  b[3] = shape.length;
  shape.forEach((d, i) => {
    b.writeUInt32BE(d, 4 + 4 * i);
  });
  let o = 4 + 4 * shape.length;
  for (const v of values) {
    if (type === 8) b.writeUInt8(v, o);
    if (type === 9) b.writeInt8(v, o);
    if (type === 11) b.writeInt16BE(v, o);
    if (type === 12) b.writeInt32BE(v, o);
    if (type === 13) b.writeFloatBE(v, o);
    if (type === 14) b.writeDoubleBE(v, o);
    o += size;
  }
  return b;
}

function write(name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

const pixels = [0, 255, 51, 102, 204, 1, 7, 8, 9, 10, 11, 12];

test('raw uint8 images and labels: exact values, [rows,cols,1], labels', () => {
  const images = write('a-images', idx(8, [2, 2, 3], pixels));
  const labels = write('a-labels', idx(8, [2], [3, 1]));
  const ds = loadIdxDataset(images, { labels });
  assert.equal(ds.size, 2);
  assert.deepEqual(ds.shape, [2, 3, 1]);
  assert.equal(ds.numClasses, 4);
  const b = ds.batch(0, 2);
  assert.deepEqual(
    [...b.x],
    pixels.map((v) => Math.fround(v / 255)),
  );
  assert.equal(b.x[1], 1);
  assert.deepEqual([...b.labels!], [3, 1]);
  assert.deepEqual(
    [...ds.batch(1, 2).x],
    pixels.slice(6).map((v) => Math.fround(v / 255)),
  );
});

test('gzip is detected by magic bytes, with or without .gz', () => {
  const bytes = gzipSync(idx(8, [2, 2, 3], pixels));
  for (const name of ['b.gz', 'b-no-extension']) {
    const ds = loadIdxDataset(write(name, bytes));
    assert.deepEqual(
      [...ds.batch(0, 1).x],
      pixels.slice(0, 6).map((v) => Math.fround(v / 255)),
    );
    assert.equal(ds.batch(0, 1).labels, undefined);
  }
});

test('general type codes, big-endian, any rank', () => {
  assert.deepEqual([...parseIdx(idx(9, [3], [-128, 0, 127])).data], [-128, 0, 127]);
  assert.deepEqual([...parseIdx(idx(11, [2], [-30000, 1234])).data], [-30000, 1234]);
  assert.deepEqual([...parseIdx(idx(12, [2], [-2e9, 70000])).data], [-2e9, 70000]);
  assert.deepEqual([...parseIdx(idx(13, [2], [1.5, -0.25])).data], [1.5, -0.25]);
  const f64 = parseIdx(idx(14, [1, 1, 1, 2], [Math.PI, -1e300]));
  assert.equal(f64.type, 'f64');
  assert.deepEqual(f64.shape, [1, 1, 1, 2]);
  assert.deepEqual([...f64.data], [Math.PI, -1e300]);
  const rank0 = parseIdx(idx(8, [], [42]));
  assert.deepEqual(rank0.shape, []);
  assert.deepEqual([...rank0.data], [42]);
});

test('float IDX sets keep their values; rank 4 keeps its channels', () => {
  const ds = loadIdxDataset(write('f.idx', idx(13, [1, 1, 2, 3], [0.5, 2, -3, 4, 5, 6])));
  assert.deepEqual(ds.shape, [1, 2, 3]);
  assert.deepEqual([...ds.batch(0, 1).x], [0.5, 2, -3, 4, 5, 6]);
});

const fails = (f: () => unknown, re: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof DataError && re.test(e.message) && !e.message.includes('\n'));

test('errors name the file and the problem', () => {
  const missing = join(dir, 'nope-images.gz');
  fails(() => readIdx(missing), /^no such file: .*nope-images\.gz$/);
  fails(() => readIdx(write('magic', Buffer.from([1, 2, 8, 1, 0, 0, 0, 0]))), /magic\.* is not an IDX file/);
  fails(() => readIdx(write('type', idx(8, [1], [0]).fill(7, 2, 3))), /unknown IDX type code 0x07/);
  const whole = idx(8, [2, 2, 3], pixels);
  fails(
    () => readIdx(write('trunc', whole.subarray(0, whole.length - 1))),
    /trunc is truncated: expected 28 bytes, found 27/,
  );
  fails(
    () => readIdx(write('trunc-header', whole.subarray(0, 10))),
    /truncated: expected 16 bytes, found 10/,
  );
  fails(() => readIdx(write('long', Buffer.concat([whole, Buffer.from([0])]))), /1 bytes after the data/);
  fails(
    () => readIdx(write('bad.gz', gzipSync(whole).subarray(0, 20))),
    /bad\.gz: gzip stream is truncated or corrupt/,
  );
  const images = write('c-images', whole);
  const three = write('c-labels', idx(8, [3], [0, 1, 2]));
  fails(() => loadIdxDataset(images, { labels: three }), /c-images has 2 images but .*c-labels has 3 labels/);
  const floats = write('c-float-labels', idx(13, [2], [0, 1]));
  fails(() => loadIdxDataset(images, { labels: floats }), /a labels file needs rank 1 \[n\] of integers/);
  fails(() => loadIdxDataset(three), /a data set needs rank >= 2/);
  const ds = loadIdxDataset(images);
  fails(() => ds.batch(1, 3), /batch \[1, 3\) is outside 0..2/);
});

const FASHION = '/usr/share/datasets/fashion-mnist';

test('Debian Fashion-MNIST test set (t10k)', (t) => {
  if (!existsSync(`${FASHION}/t10k-images-idx3-ubyte.gz`)) {
    t.skip(`${FASHION} absent: apt-get install dataset-fashion-mnist`);
    return;
  }
  const started = performance.now();
  const ds = loadIdxDataset(`${FASHION}/t10k-images-idx3-ubyte.gz`, {
    labels: `${FASHION}/t10k-labels-idx1-ubyte.gz`,
  });
  t.diagnostic(`loaded t10k in ${(performance.now() - started).toFixed(0)} ms`);
  assert.equal(ds.size, 10000);
  assert.deepEqual(ds.shape, [28, 28, 1]);
  assert.deepEqual(ds.classNames, FASHION_MNIST_CLASSES);
  assert.equal(ds.classNames![9], 'Ankle boot');
  const b = ds.batch(0, 10000);
  // the published test set holds 1,000 of each class; its first item is an ankle boot
  const counts = new Array(10).fill(0);
  for (const l of b.labels!) counts[l]++;
  assert.deepEqual(counts, new Array(10).fill(1000));
  assert.equal(b.labels![0], 9);
  let lo = 1;
  let hi = 0;
  for (const v of b.x) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  assert.deepEqual([lo, hi], [0, 1]);
});

test('Debian Fashion-MNIST training set', (t) => {
  if (!existsSync(`${FASHION}/train-images-idx3-ubyte.gz`)) {
    t.skip(`${FASHION} absent: apt-get install dataset-fashion-mnist`);
    return;
  }
  const ds = loadIdxDataset(`${FASHION}/train-images-idx3-ubyte.gz`, {
    labels: `${FASHION}/train-labels-idx1-ubyte.gz`,
  });
  assert.equal(ds.size, 60000);
  const counts = new Array(10).fill(0);
  for (const l of ds.batch(0, 60000).labels!) counts[l]++;
  assert.deepEqual(counts, new Array(10).fill(6000));
});
