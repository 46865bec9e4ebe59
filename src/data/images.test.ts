import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import sharp from 'sharp';
import { DataError } from './errors.ts';
import { decodeImage, encodePng, readImage } from './images.ts';

const dir = mkdtempSync(join(tmpdir(), 'glassbox-images-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A PNG written by pngjs (independent of sharp) from RGBA pixels; colorType 0 grey, 2 RGB, 6 RGBA. */
function pngOf(w: number, h: number, rgba: number[], colorType: 0 | 2 | 6): Buffer {
  const png = new PNG({ width: w, height: h });
  png.data = Buffer.from(rgba);
  return PNG.sync.write(png, { colorType, inputColorType: 6 });
}
const write = (name: string, bytes: Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const f32 = (a: number[]) => Float32Array.from(a);
const fails = (p: Promise<unknown>, re: RegExp) =>
  assert.rejects(
    p,
    (e: unknown) => e instanceof DataError && re.test(e.message) && !e.message.includes('\n'),
  );

// 3 wide, 2 high: red, green, blue / grey 10, white, (1, 2, 3)
const RGB = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 10, 10, 255, 255, 255, 1, 2, 3];
const rgba = (rgb: number[]) => rgb.flatMap((v, i) => (i % 3 === 2 ? [v, 255] : [v]));

test('RGB PNG: exact values, [h,w,3]; grey conversion is BT.601 luma', async () => {
  const p = write('rgb.png', pngOf(3, 2, rgba(RGB), 2));
  const img = await readImage(p);
  assert.deepEqual(img, { shape: [2, 3, 3], values: f32(RGB.map((v) => v / 255)) });
  const grey = await readImage(p, { channels: 1 });
  assert.deepEqual(grey.shape, [2, 3, 1]);
  const luma = (i: number) => (0.299 * RGB[i * 3] + 0.587 * RGB[i * 3 + 1] + 0.114 * RGB[i * 3 + 2]) / 255;
  for (let i = 0; i < 6; i++) assert.ok(Math.abs(grey.values[i] - luma(i)) < 1e-6, `pixel ${i}`);
  assert.equal(grey.values[3], Math.fround(10 / 255));
});

test('grey PNG: one channel by default, exact; three on request', async () => {
  const g = [0, 1, 127, 128, 254, 255];
  const p = write(
    'grey.png',
    pngOf(
      2,
      3,
      g.flatMap((v) => [v, v, v, 255]),
      0,
    ),
  );
  assert.deepEqual(await readImage(p), { shape: [3, 2, 1], values: f32(g.map((v) => v / 255)) });
  const rgb = await readImage(p, { channels: 3 });
  assert.deepEqual(rgb.values, f32(g.flatMap((v) => [v, v, v].map((u) => u / 255))));
});

test('alpha is flattened onto black', async () => {
  const p = write('rgba.png', pngOf(2, 1, [200, 100, 50, 0, 200, 100, 50, 255], 6));
  assert.deepEqual((await readImage(p)).values, f32([0, 0, 0, 200 / 255, 100 / 255, 50 / 255]));
});

test('JPEG (written by jpeg-js): values close to the encoded colour', async () => {
  const w = 16;
  const data = Buffer.alloc(w * w * 4);
  for (let i = 0; i < w * w; i++) data.set([200, 100, 50, 255], i * 4);
  const p = write('flat.jpg', jpeg.encode({ data, width: w, height: w }, 100).data);
  const img = await readImage(p);
  assert.deepEqual(img.shape, [16, 16, 3]);
  for (let i = 0; i < img.values.length; i++) {
    assert.ok(
      Math.abs(img.values[i] - [200, 100, 50][i % 3] / 255) <= 3 / 255,
      `value ${i}: ${img.values[i]}`,
    );
  }
});

test('EXIF orientation is applied (a JPEG tagged "rotate 90 clockwise")', async () => {
  // 16 wide, 8 high: left half red, right half blue; upright it is 8 wide, 16 high, red on top
  const data = Buffer.alloc(16 * 8 * 3);
  for (let i = 0; i < 16 * 8; i++) data.set(i % 16 < 8 ? [255, 0, 0] : [0, 0, 255], i * 3);
  const bytes = await sharp(data, { raw: { width: 16, height: 8, channels: 3 } })
    .jpeg({ quality: 100 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
  const img = await decodeImage(bytes, 'exif.jpg');
  assert.deepEqual(img.shape, [16, 8, 3]);
  const px = (y: number, x: number) => [...img.values.slice((y * 8 + x) * 3, (y * 8 + x) * 3 + 3)];
  assert.ok(px(1, 4)[0] > 0.9 && px(1, 4)[2] < 0.1, `top ${px(1, 4)}`);
  assert.ok(px(14, 4)[2] > 0.9 && px(14, 4)[0] < 0.1, `bottom ${px(14, 4)}`);
});

test('resize: fill, contain (black bars), cover (centre crop)', async () => {
  const white = pngOf(4, 2, new Array(8).fill([255, 255, 255, 255]).flat(), 2);
  const fill = await decodeImage(white, 'w', { height: 3, width: 5 });
  assert.deepEqual(fill, { shape: [3, 5, 3], values: new Float32Array(45).fill(1) });
  const contain = await decodeImage(white, 'w', { height: 4, width: 4, fit: 'contain', channels: 1 });
  assert.deepEqual([...contain.values], [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
  // 4 wide, 2 high: columns red, green, green, blue; cover to 2x2 keeps the two green middle columns
  const row = [255, 0, 0, 255, 0, 255, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255];
  const cover = await decodeImage(pngOf(4, 2, [...row, ...row], 2), 'c', {
    height: 2,
    width: 2,
    fit: 'cover',
  });
  assert.deepEqual([...cover.values], [0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0]);
});

test('encodePng: floats and bytes, read back by pngjs', async () => {
  const vals = [0, 0.5, 1, 0.2, 0.4, 0.6];
  const rgb = PNG.sync.read(await encodePng(vals, 1, 2, 3));
  assert.deepEqual([rgb.width, rgb.height], [2, 1]);
  assert.deepEqual([...rgb.data], [0, 128, 255, 255, 51, 102, 153, 255]);
  const grey = PNG.sync.read(await encodePng(Uint8Array.from([7, 9]), 2, 1, 1));
  assert.equal(grey.colorType, 0);
  assert.deepEqual([...grey.data], [7, 7, 7, 255, 9, 9, 9, 255]);
  const four = PNG.sync.read(await encodePng(new Uint8ClampedArray([1, 2, 3, 4]), 1, 1, 4));
  assert.deepEqual([...four.data], [1, 2, 3, 4]);
  await fails(
    encodePng([0, 1.5, 0], 1, 1, 3),
    /image value 1 is 1\.5; float pixel values must lie in \[0, 1\]/,
  );
  await fails(encodePng([Number.NaN], 1, 1, 1), /image value 0 is NaN/);
  await fails(encodePng([0, 0], 1, 1, 3), /cannot encode a 1x1x3 image from 2 values \(expected 3\)/);
});

test('errors: missing file, not an image', async () => {
  await fails(readImage(join(dir, 'missing.png')), /^no such file: .*missing\.png$/);
  await fails(readImage(write('text.png', Buffer.from('hello'))), /^cannot decode image .*text\.png: /);
});
