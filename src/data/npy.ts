/**
 * NumPy `.npy` files, format versions 1, 2 and 3: magic `\x93NUMPY`, version bytes, a
 * little-endian header length (uint16 in v1, uint32 in v2/v3), then a Python dict
 * literal `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }` and the data.
 */
import type { NdArray } from './arrays.ts';
import { sizeOf } from './dataset.ts';
import { DataError } from './errors.ts';
import { halfToFloat } from './half.ts';
import * as msg from './messages.ts';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

interface Header {
  descr: string;
  fortran: boolean;
  shape: number[];
}

function parseHeader(text: string, path: string): Header {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined) throw new DataError(msg.npyBadHeader(path, "no simple 'descr'"));
  if (fortran === undefined) throw new DataError(msg.npyBadHeader(path, "no 'fortran_order'"));
  if (shape === undefined) throw new DataError(msg.npyBadHeader(path, "no 'shape'"));
  const dims = shape
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      if (!/^\d+L?$/.test(s)) throw new DataError(msg.npyBadHeader(path, `shape entry '${s}'`));
      return Number.parseInt(s, 10);
    });
  return { descr, fortran: fortran === 'True', shape: dims };
}

/** Decode a .npy buffer into float32 values, row-major (C order). */
export function parseNpy(bytes: Uint8Array, path = '<buffer>'): NdArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new DataError(msg.npyBadMagic(path));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new DataError(msg.npyBadVersion(path, major));
  const lenBytes = major === 1 ? 2 : 4;
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lenBytes + headerLen;
  if (bytes.length < start) throw new DataError(msg.truncated(path, start, bytes.length));
  const encoding = major === 3 ? 'utf-8' : 'latin1';
  const header = parseHeader(new TextDecoder(encoding).decode(bytes.subarray(8 + lenBytes, start)), path);
  if (header.fortran && header.shape.filter((d) => d > 1).length > 1)
    throw new DataError(msg.npyFortran(path));
  const read = reader(header.descr, path);
  const count = sizeOf(header.shape);
  const need = count * read.bytes;
  if (bytes.length - start < need) throw new DataError(msg.truncated(path, need, bytes.length - start));
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = read.get(view, start + i * read.bytes);
  return { shape: header.shape, values };
}

interface Reader {
  bytes: number;
  get: (v: DataView, off: number) => number;
}

/** A reader for a simple dtype such as '<f4', '|u1', '>i8', '|b1'. */
function reader(descr: string, path: string): Reader {
  const m = /^([<>|=])([biuf])(\d+)$/.exec(descr);
  if (!m) throw new DataError(msg.npyBadDtype(path, descr));
  const le = m[1] !== '>';
  const kind = `${m[2]}${m[3]}`;
  const table: Record<string, Reader> = {
    b1: { bytes: 1, get: (v, o) => (v.getUint8(o) ? 1 : 0) },
    u1: { bytes: 1, get: (v, o) => v.getUint8(o) },
    i1: { bytes: 1, get: (v, o) => v.getInt8(o) },
    u2: { bytes: 2, get: (v, o) => v.getUint16(o, le) },
    i2: { bytes: 2, get: (v, o) => v.getInt16(o, le) },
    u4: { bytes: 4, get: (v, o) => v.getUint32(o, le) },
    i4: { bytes: 4, get: (v, o) => v.getInt32(o, le) },
    u8: { bytes: 8, get: (v, o) => Number(v.getBigUint64(o, le)) },
    i8: { bytes: 8, get: (v, o) => Number(v.getBigInt64(o, le)) },
    f2: { bytes: 2, get: (v, o) => halfToFloat(v.getUint16(o, le)) },
    f4: { bytes: 4, get: (v, o) => v.getFloat32(o, le) },
    f8: { bytes: 8, get: (v, o) => v.getFloat64(o, le) },
  };
  const r = table[kind];
  if (!r) throw new DataError(msg.npyBadDtype(path, descr));
  return r;
}
