/**
 * Numeric arrays from `.npy` (see npy.ts) and `.json` files (nested arrays of numbers,
 * checked to be rectangular) as `{ shape, values }` with float32 values, row-major.
 */
import { extname } from 'node:path';
import { DataError } from './errors.ts';
import { readFileChecked } from './files.ts';
import * as msg from './messages.ts';
import { parseNpy } from './npy.ts';

export { parseNpy } from './npy.ts';

/** A dense array: `values` row-major (C order), `values.length === prod(shape)`. */
export interface NdArray {
  shape: number[];
  values: Float32Array;
}

const at = (path: number[]) => (path.length ? path.map((i) => `[${i}]`).join('') : 'the top level');

/** The shape of nested JSON arrays of numbers; a `DataError` where they are ragged or not numbers. */
function shapeOf(v: unknown, path: number[], file: string): number[] {
  if (typeof v === 'number') return [];
  if (!Array.isArray(v))
    throw new DataError(msg.jsonNotNumber(file, at(path), JSON.stringify(v) ?? String(v)));
  if (v.length === 0) return [0];
  const inner = shapeOf(v[0], [...path, 0], file);
  for (let i = 1; i < v.length; i++) checkShape(v[i], inner, [...path, i], file);
  return [v.length, ...inner];
}

function checkShape(v: unknown, shape: number[], path: number[], file: string): void {
  if (shape.length === 0) {
    if (typeof v !== 'number') {
      if (Array.isArray(v)) throw new DataError(msg.jsonDepth(file, at(path), 'a number'));
      throw new DataError(msg.jsonNotNumber(file, at(path), JSON.stringify(v) ?? String(v)));
    }
    return;
  }
  if (!Array.isArray(v)) {
    if (typeof v === 'number') throw new DataError(msg.jsonDepth(file, at(path), `an array of ${shape[0]}`));
    throw new DataError(msg.jsonNotNumber(file, at(path), JSON.stringify(v) ?? String(v)));
  }
  if (v.length !== shape[0]) throw new DataError(msg.jsonRagged(file, at(path), shape[0], v.length));
  for (let i = 0; i < v.length; i++) checkShape(v[i], shape.slice(1), [...path, i], file);
}

/** Nested arrays of numbers (already parsed JSON, or its text) as an NdArray. */
export function parseJsonArray(json: unknown, file = '<json>'): NdArray {
  let v = json;
  if (typeof json === 'string') {
    try {
      v = JSON.parse(json);
    } catch (err) {
      throw new DataError(msg.jsonInvalid(file, err instanceof Error ? err.message : String(err)));
    }
  }
  const shape = shapeOf(v, [], file);
  const flat = shape.length === 0 ? [v as number] : (v as unknown[]).flat(shape.length - 1);
  return { shape, values: Float32Array.from(flat as number[]) };
}

/** Read a `.npy` or `.json` array file (by extension). */
export function readArrayFile(path: string): NdArray {
  const ext = extname(path).toLowerCase();
  const bytes = readFileChecked(path);
  if (ext === '.npy') return parseNpy(bytes, path);
  if (ext === '.json') return parseJsonArray(bytes.toString('utf8'), path);
  throw new DataError(msg.unknownFileType(path));
}
