import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseJsonArray, parseNpy, readArrayFile } from './arrays.ts';
import { DataError } from './errors.ts';

// made by test/fixtures/data/make_npy.py (numpy); the expected values are its formulas
const FIX = join(import.meta.dirname, '../../test/fixtures/data');
const fix = (name: string) => readArrayFile(join(FIX, name));
const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => Math.fround(f(i)));

const fails = (f: () => unknown, re: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof DataError && re.test(e.message) && !e.message.includes('\n'));

test('.npy fixtures written by numpy: dtypes, versions, shapes', () => {
  assert.deepEqual(fix('f4_2x3x4.npy'), {
    shape: [2, 3, 4],
    values: Float32Array.from(range(24, (i) => i / 4)),
  });
  assert.deepEqual(fix('f8_v2_2x3x4.npy').values, Float32Array.from(range(24, (i) => i / 8 - 1)));
  assert.deepEqual([...fix('i8_6.npy').values], [-3, -1, 0, 1, 2 ** 40, -(2 ** 40)]);
  assert.deepEqual([...fix('i4_be_4.npy').values], [-70000, 5, 0, 70000]);
  assert.deepEqual(fix('u1_2x2.npy'), { shape: [2, 2], values: Float32Array.from([0, 255, 128, 7]) });
  assert.deepEqual([...fix('b1_3.npy').values], [1, 0, 1]);
  assert.deepEqual([...fix('f2_4.npy').values], [0.5, -2, 65504, 1 / 1024]);
  assert.deepEqual(fix('f4_scalar.npy'), { shape: [], values: Float32Array.from([3.25]) });
  fails(() => fix('fortran_2x3.npy'), /fortran_2x3\.npy is stored in Fortran .*np\.ascontiguousarray/);
  fails(() => fix('c16_2.npy'), /dtype '<c16' is not supported/);
});

/** A hand-made .npy: magic, version, header length, header padded to 64 bytes, data. */
function npy(major: number, header: string, data: Uint8Array): Uint8Array {
  const lenBytes = major === 1 ? 2 : 4;
  const enc = new TextEncoder().encode(header);
  const pad = 64 - ((8 + lenBytes + enc.length + 1) % 64);
  const h = new Uint8Array([...enc, ...new Array(pad % 64).fill(0x20), 0x0a]);
  const out = new Uint8Array(8 + lenBytes + h.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, h.length, true);
  else view.setUint32(8, h.length, true);
  out.set(h, 8 + lenBytes);
  out.set(data, 8 + lenBytes + h.length);
  return out;
}

test('.npy from hand-made bytes: v3 header, big-endian floats, errors', () => {
  const be = new Uint8Array([0x3f, 0xc0, 0, 0, 0xc0, 0x20, 0, 0]); // 1.5, -2.5 big-endian float32
  const v3 = parseNpy(npy(3, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), 'é': 1}", be));
  assert.deepEqual(v3, { shape: [2], values: Float32Array.from([1.5, -2.5]) });
  const le = new Uint8Array([1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]); // int32 1, -1
  assert.deepEqual(
    [...parseNpy(npy(1, "{'shape': (1, 2), 'fortran_order': False, 'descr': '<i4'}", le)).values],
    [1, -1],
  );
  const f = npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", le);
  fails(() => parseNpy(f, 'short.npy'), /short\.npy is truncated: the header says 12 bytes of data, found 8/);
  fails(() => parseNpy(new Uint8Array(20), 'zero.npy'), /zero\.npy is not a \.npy file/);
  fails(() => parseNpy(npy(4, "{'descr': '<i4'}", le)), /format version 4 is not supported/);
  const rec = "{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,), }";
  fails(
    () => parseNpy(npy(1, rec, le), 'rec.npy'),
    /rec\.npy: cannot parse the \.npy header \(no simple 'descr'\)/,
  );
  fails(() => parseNpy(npy(1, "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", le)), /'\|O'/);
});

test('.json: nested arrays, shapes, ragged and non-numeric errors with their place', () => {
  assert.deepEqual(parseJsonArray('[[1, 2, 3], [4, 5, 6.5]]'), {
    shape: [2, 3],
    values: Float32Array.from([1, 2, 3, 4, 5, 6.5]),
  });
  assert.deepEqual(parseJsonArray([[[1], [2]]]).shape, [1, 2, 1]);
  assert.deepEqual(parseJsonArray('7'), { shape: [], values: Float32Array.from([7]) });
  assert.deepEqual(parseJsonArray('[]').shape, [0]);
  fails(
    () => parseJsonArray('[[1,2],[3]]', 'x.json'),
    /^x\.json is ragged at \[1\]: expected 2 elements .*found 1$/,
  );
  fails(
    () => parseJsonArray('[[[1],[2]],[[3],[4,5]]]', 'x.json'),
    /ragged at \[1\]\[1\]: expected 1 .*found 2/,
  );
  fails(() => parseJsonArray('[[1,2],[3,[4]]]', 'x.json'), /ragged at \[1\]\[1\]: expected a number/);
  fails(() => parseJsonArray('[[1,2],3]', 'x.json'), /ragged at \[1\]: expected an array of 2/);
  fails(() => parseJsonArray('[1,"a"]', 'x.json'), /^x\.json: \[1\] is "a", not a number$/);
  fails(() => parseJsonArray('{"a":1}', 'x.json'), /the top level is \{"a":1\}, not a number/);
  fails(() => parseJsonArray('[1,', 'x.json'), /^x\.json is not valid JSON: /);
});

test('readArrayFile: by extension, missing files named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'glassbox-arrays-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'a.json'), '[[0.25, 1]]');
  assert.deepEqual(readArrayFile(join(dir, 'a.json')).values, Float32Array.from([0.25, 1]));
  fails(() => readArrayFile(join(dir, 'missing.npy')), /^no such file: .*missing\.npy$/);
  writeFileSync(join(dir, 'a.txt'), '1');
  fails(() => readArrayFile(join(dir, 'a.txt')), /a\.txt: unknown file type/);
});
