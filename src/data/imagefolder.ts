/**
 * A folder of PNG/JPEG images as a Dataset: files sorted by name (code-unit order); when
 * the folder holds class sub-folders instead (`cats/`, `dogs/`), their sorted names are
 * the classes and the examples run class by class. Images are decoded once, up front.
 */
import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { arrayDataset, type Dataset } from './dataset.ts';
import { DataError } from './errors.ts';
import { pathKind, readFileChecked } from './files.ts';
import { decodeImage, type ImageOptions, imageInfo } from './images.ts';
import * as msg from './messages.ts';

const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg']);
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const isImagePath = (p: string) => IMAGE_EXT.has(extname(p).toLowerCase());

function images(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => isImagePath(f) && pathKind(join(dir, f)) === 'file')
    .sort(byName);
}

/** The image files under `dir` with their class index, and the class names (if any). */
export function listImageFolder(dir: string): { files: string[]; labels?: number[]; classNames?: string[] } {
  if (pathKind(dir) !== 'dir') throw new DataError(msg.noSuchFolder(dir));
  const top = images(dir);
  const classes = readdirSync(dir)
    .filter((f) => pathKind(join(dir, f)) === 'dir' && images(join(dir, f)).length > 0)
    .sort(byName);
  if (top.length > 0 && classes.length > 0) throw new DataError(msg.folderMixed(dir));
  if (top.length > 0) return { files: top.map((f) => join(dir, f)) };
  if (classes.length === 0) throw new DataError(msg.folderEmpty(dir));
  const files: string[] = [];
  const labels: number[] = [];
  classes.forEach((c, k) => {
    for (const f of images(join(dir, c))) {
      files.push(join(dir, c, f));
      labels.push(k);
    }
  });
  return { files, labels, classNames: classes };
}

/**
 * Decode every image of `dir` into a Dataset of [h, w, channels]. Without a size in
 * `opts`, all images must share the first one's size; without `channels`, the set is
 * grey when every image is grey, else RGB.
 */
export async function loadImageFolder(
  dir: string,
  opts: ImageOptions & { name?: string } = {},
): Promise<Dataset> {
  const { files, labels, classNames } = listImageFolder(dir);
  const bytes = files.map(readFileChecked);
  const infos = await Promise.all(bytes.map((b, i) => imageInfo(b, files[i])));
  const sized = opts.height !== undefined && opts.width !== undefined;
  const height = sized ? opts.height! : infos[0].height;
  const width = sized ? opts.width! : infos[0].width;
  if (!sized) {
    const bad = infos.findIndex((m) => m.height !== height || m.width !== width);
    if (bad >= 0) {
      const got = `${infos[bad].height}x${infos[bad].width}`;
      throw new DataError(msg.imageSizeDiffers(files[bad], got, `${height}x${width}`));
    }
  }
  const channels = opts.channels ?? (infos.some((m) => m.channels === 3) ? 3 : 1);
  const per = height * width * channels;
  const x = new Float32Array(files.length * per);
  const decodeOpts: ImageOptions = sized
    ? { channels, height, width, fit: opts.fit ?? 'fill' }
    : { channels };
  // a few at a time: sharp decodes on its own thread pool
  for (let i = 0; i < files.length; i += 8) {
    const chunk = files.slice(i, i + 8);
    const arrays = await Promise.all(chunk.map((f, j) => decodeImage(bytes[i + j], f, decodeOpts)));
    arrays.forEach((a, j) => {
      x.set(a.values, (i + j) * per);
    });
  }
  return arrayDataset({
    name: opts.name ?? `images (${dir}, ${files.length} files)`,
    shape: [height, width, channels],
    x,
    ...(labels ? { labels: Int32Array.from(labels), classNames } : {}),
  });
}
