/**
 * Float initializers of a model read from a file are used in place (a Float32Array view of
 * the file's bytes) instead of copied, so that importing holds the file once, not twice
 * (see parse.ts). A view needs its bytes at a multiple of 4, which protobuf does not
 * promise: a payload that is not aligned is moved down by 1-3 bytes in the buffer, over
 * its own field's tag and length (already decoded, and at least 3 bytes long for a payload
 * of 128 bytes or more), after checking that those bytes are indeed that tag and length.
 */

/** TensorProto.raw_data: field 9, wire type 2 (length-delimited). */
const RAW_DATA_TAG = (9 << 3) | 2;

/** The value of the varint that ends just before `end`, and where it starts; undefined if none. */
function varintBefore(buf: Uint8Array, end: number): { value: number; start: number } | undefined {
  if (end < 1 || buf[end - 1] & 0x80) return undefined;
  let start = end - 1;
  while (start > 0 && buf[start - 1] & 0x80 && end - start < 5) start--;
  let value = 0;
  for (let i = end - 1; i >= start; i--) value = value * 128 + (buf[i] & 0x7f);
  return { value, start };
}

/**
 * `raw` (a TensorProto's raw_data, a view of `owner`) at a 4-byte aligned offset: itself, or
 * its bytes moved down in place over its field's header. Undefined when that cannot be done
 * safely (the caller copies instead). Only for buffers the importer owns: it writes to them.
 */
export function alignRawInPlace(raw: Uint8Array, owner: Uint8Array): Uint8Array | undefined {
  const shift = raw.byteOffset % 4;
  if (shift === 0) return raw;
  if (raw.buffer !== owner.buffer) return undefined;
  const buf = new Uint8Array(raw.buffer);
  const len = varintBefore(buf, raw.byteOffset);
  if (!len || len.value !== raw.length) return undefined;
  const tag = len.start - 1;
  if (tag < owner.byteOffset || buf[tag] !== RAW_DATA_TAG || raw.byteOffset - tag < shift) return undefined;
  buf.copyWithin(raw.byteOffset - shift, raw.byteOffset, raw.byteOffset + raw.length);
  return new Uint8Array(raw.buffer, raw.byteOffset - shift, raw.length);
}
