/** Reading input files with one-line errors, and transparent gunzip. */
import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataError, errnoCode } from './errors.ts';
import { corruptGzip, noSuchFile, unreadable } from './messages.ts';

/** The whole file; a `DataError` naming it when it is missing or unreadable. */
export function readFileChecked(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new DataError(noSuchFile(path));
    if (code === 'EISDIR') throw new DataError(unreadable(path, 'it is a folder'));
    throw new DataError(unreadable(path, code ?? String(err)));
  }
}

/** 'file', 'dir' or undefined when nothing is at `path`. */
export function pathKind(path: string): 'file' | 'dir' | undefined {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return undefined;
  return st.isDirectory() ? 'dir' : 'file';
}

/** True when `bytes` starts with the gzip magic 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** `bytes` decompressed when they are gzip (by magic bytes, whatever the name), else as is. */
export function gunzipIfNeeded(bytes: Buffer, path: string): Buffer {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch {
    throw new DataError(corruptGzip(path));
  }
}
