/** IEEE half precision and bfloat16 bit patterns to numbers (for .npy f2 and ONNX FLOAT16/BFLOAT16). */

/** The value of an IEEE 754 binary16 bit pattern. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const scratch = new DataView(new ArrayBuffer(4));

/** The value of a bfloat16 bit pattern (the high 16 bits of a float32). */
export function bfloat16ToFloat(bits: number): number {
  scratch.setUint32(0, (bits & 0xffff) << 16);
  return scratch.getFloat32(0);
}
