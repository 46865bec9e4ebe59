/**
 * Every user-facing error text of the data layer, one function each, so they can later
 * move into the global `src/messages.ts`. Each returns one line naming the problem.
 */
const fmtShape = (s: readonly number[]) => `[${s.join(',')}]`;

export const noSuchFile = (path: string) => `no such file: ${path}`;
export const noSuchFolder = (path: string) => `no such folder: ${path}`;
export const unreadable = (path: string, why: string) => `cannot read ${path}: ${why}`;
export const corruptGzip = (path: string) => `${path}: gzip stream is truncated or corrupt`;

export const idxBadMagic = (path: string, got: string) =>
  `${path} is not an IDX file (magic bytes ${got}; expected 00 00 <type> <rank>)`;
export const idxBadType = (path: string, code: number) =>
  `${path}: unknown IDX type code 0x${code.toString(16).padStart(2, '0')} (known: 08 09 0b 0c 0d 0e)`;
export const idxTruncated = (path: string, expected: number, got: number) =>
  `${path} is truncated: expected ${expected} bytes, found ${got}`;
export const idxTooLong = (path: string, expected: number, got: number) =>
  `${path} has ${got - expected} bytes after the data that the header describes (${expected} bytes)`;
export const idxNotImages = (path: string, shape: readonly number[]) =>
  `${path} holds an array of shape ${fmtShape(shape)}; a data set needs rank >= 2, e.g. [n,rows,cols]`;
export const idxNotLabels = (path: string, shape: readonly number[]) =>
  `${path} holds an array of shape ${fmtShape(shape)}; a labels file needs rank 1 [n] of integers`;
export const countMismatch = (images: string, n: number, labels: string, m: number) =>
  `${images} has ${n} images but ${labels} has ${m} labels`;
export const badLabel = (path: string, index: number, value: number) =>
  `${path}: label ${index} is ${value}; labels must be integers >= 0`;

export const npyBadMagic = (path: string) => `${path} is not a .npy file (it does not start with \\x93NUMPY)`;
export const npyBadVersion = (path: string, major: number) =>
  `${path}: .npy format version ${major} is not supported (1, 2 or 3)`;
export const npyBadHeader = (path: string, why: string) => `${path}: cannot parse the .npy header (${why})`;
export const npyFortran = (path: string) =>
  `${path} is stored in Fortran (column-major) order; save it with np.save(path, np.ascontiguousarray(a))`;
export const npyBadDtype = (path: string, descr: string) =>
  `${path}: dtype '${descr}' is not supported (booleans, integers and floats of 1 to 8 bytes)`;
export const truncated = (path: string, expected: number, got: number) =>
  `${path} is truncated: the header says ${expected} bytes of data, found ${got}`;

export const jsonInvalid = (path: string, why: string) => `${path} is not valid JSON: ${why}`;
export const jsonRagged = (path: string, at: string, expected: number, got: number) =>
  `${path} is ragged at ${at}: expected ${expected} elements like its siblings, found ${got}`;
export const jsonNotNumber = (path: string, at: string, value: string) =>
  `${path}: ${at} is ${value}, not a number`;
export const jsonDepth = (path: string, at: string, expected: string) =>
  `${path} is ragged at ${at}: expected ${expected} like its siblings`;

export const pbInvalid = (path: string, why: string) => `${path} is not a TensorProto: ${why}`;
export const pbType = (path: string, type: string) => `${path}: tensor data type ${type} is not supported`;
export const pbExternal = (path: string) =>
  `${path}: the tensor's data is stored in an external file, which is not supported`;
export const pbCount = (path: string, shape: readonly number[], got: number) =>
  `${path}: dims ${fmtShape(shape)} need ${shape.reduce((a, b) => a * b, 1)} values but the tensor has ${got}`;

export const pbRawBytes = (path: string, shape: readonly number[], per: number, got: number) =>
  `${path}: dims ${fmtShape(shape)} need ${shape.reduce((a, b) => a * b, 1) * per} bytes of raw_data but it has ${got}`;

export const imageUnreadable = (path: string, why: string) => `cannot decode image ${path}: ${why}`;
export const imageSizeDiffers = (path: string, got: string, first: string) =>
  `${path} is ${got} but the first image is ${first}; give an input shape to resize them all`;
export const folderEmpty = (path: string) => `${path} holds no .png or .jpg images`;
export const folderMixed = (path: string) =>
  `${path} holds both images and class sub-folders; keep the images inside the sub-folders`;
export const badChannels = (channels: number) =>
  `channels must be 1 or 3 (or 4 for PNG output), not ${channels}`;
export const encodeLength = (got: number, h: number, w: number, c: number) =>
  `cannot encode a ${h}x${w}x${c} image from ${got} values (expected ${h * w * c})`;
export const encodeRange = (index: number, value: number) =>
  `image value ${index} is ${value}; float pixel values must lie in [0, 1]`;

export const batchRange = (name: string, start: number, end: number, size: number) =>
  `${name}: batch [${start}, ${end}) is outside 0..${size}`;
export const indexRange = (source: string, index: number, size: number) =>
  `${source} index ${index} is out of range 0..${size - 1}`;
export const badRange = (spec: string) => `bad range in '${spec}': use A-B with A <= B, both integers`;
export const unknownInput = (spec: string) =>
  `unknown input '${spec}': use a path, mnist:N, mnist:A-B, mnist, idx:PATH:N, idx:IMAGES:LABELS, fashion-mnist:train|test (a path: .png .jpg .npy .json .pb, an IDX file or a folder)`;
export const unknownFileType = (path: string) =>
  `${path}: unknown file type; use .png, .jpg, .jpeg, .npy, .json, .pb or an IDX file (raw or .gz)`;
export const layoutAmbiguous = (source: string, shape: readonly number[]) =>
  `${source} has shape ${fmtShape(shape)}, which could be NCHW or NHWC: say which with --layout nchw or --layout nhwc`;
export const shapeMismatch = (source: string, got: readonly number[], want: readonly number[]) =>
  `model input is ${fmtShape(want)} but ${source} is ${fmtShape(got)}`;
export const layoutRank = (source: string, shape: readonly number[]) =>
  `${source} has shape ${fmtShape(shape)}; --layout nchw needs a 3-D [C,H,W] or 4-D [N,C,H,W] array`;
export const imageInputShape = (want: readonly number[]) =>
  `model input is ${fmtShape(want)}, which an image cannot fill: it needs [height,width,1] or [height,width,3]`;
export const fashionNotInstalled = (path: string) =>
  `Fashion-MNIST is not installed (no ${path}); on Debian: apt-get install dataset-fashion-mnist`;
