/**
 * Side-by-side grids of pictures with titles, optional subtitles (e.g. metric values) and a
 * colour bar, as a layout of placed images and texts in pixels. png.ts and svg.ts draw the
 * same layout, so a PNG and an SVG of one grid agree.
 */
import { type ColormapName, colormap } from './colormaps.ts';
import type { RgbImage } from './heatmap.ts';

export interface GridCell {
  image: RgbImage;
  title?: string;
  /** small text under the title; '\n' separates lines */
  subtitle?: string;
}

export interface ColorBar {
  colormap: ColormapName;
  /** value at the bottom of the bar */
  min: number;
  /** value at the top of the bar */
  max: number;
  label?: string;
}

export interface GridSpec {
  cells: GridCell[];
  /** default: all cells in one row */
  columns?: number;
  /** integer magnification of every image; default: cells at least 112 px on their longer side */
  scale?: number;
  title?: string;
  colorbar?: ColorBar;
}

export interface PlacedImage {
  x: number;
  y: number;
  /** drawn size (the image scaled, nearest neighbour) */
  width: number;
  height: number;
  image: RgbImage;
}

export interface PlacedText {
  x: number;
  /** baseline */
  y: number;
  text: string;
  size: number;
  anchor: 'start' | 'middle' | 'end';
  bold?: boolean;
}

export interface GridLayout {
  /** the grid's title, if any (the SVG's accessible title) */
  title?: string;
  width: number;
  height: number;
  images: PlacedImage[];
  texts: PlacedText[];
}

const PAD = 8;
const TITLE = 12;
const SUB = 10;
const HEADER = 14;
const BAR_W = 14;
const MIN_CELL = 128;

/** A tick label: three significant digits, no trailing zeros. */
export function tickLabel(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v === 0 ? 0 : v);
  return String(Number(v.toPrecision(3)));
}

/** Cuts text to about what fits in `width` px at `size` (a sans-serif glyph is ~0.6 em wide). */
export function fitText(text: string, width: number, size: number): string {
  const max = Math.max(1, Math.floor(width / (0.6 * size)));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The colour scale as a 1 x `height` image: the top row is the end of the scale, the bottom its start. */
export function colorbarImage(name: ColormapName, height = 256): RgbImage {
  const lut = colormap(name);
  const data = new Uint8Array(height * 3);
  for (let i = 0; i < height; i++) {
    const k = Math.round((1 - i / Math.max(1, height - 1)) * 255);
    data.set(lut.subarray(k * 3, k * 3 + 3), i * 3);
  }
  return { width: 1, height, data };
}

export function layoutGrid(spec: GridSpec): GridLayout {
  const n = spec.cells.length;
  const cols = Math.max(1, Math.min(n, spec.columns ?? n));
  const rows = Math.ceil(n / cols);
  const iw = Math.max(...spec.cells.map((c) => c.image.width));
  const ih = Math.max(...spec.cells.map((c) => c.image.height));
  const scale = spec.scale ?? Math.max(1, Math.ceil(MIN_CELL / Math.max(iw, ih)));
  const cw = iw * scale;
  const ch = ih * scale;
  const hasTitle = spec.cells.some((c) => c.title);
  const subLines = Math.max(0, ...spec.cells.map((c) => (c.subtitle ? c.subtitle.split('\n').length : 0)));
  const labelH = (hasTitle ? TITLE + 4 : 0) + subLines * (SUB + 3);
  const top = spec.title ? PAD + HEADER + 6 : PAD;
  const images: PlacedImage[] = [];
  const texts: PlacedText[] = [];
  if (spec.title)
    texts.push({ x: PAD, y: PAD + HEADER, text: spec.title, size: HEADER, anchor: 'start', bold: true });
  spec.cells.forEach((c, i) => {
    const x = PAD + (i % cols) * (cw + PAD);
    const y0 = top + Math.floor(i / cols) * (labelH + ch + PAD);
    let y = y0;
    if (c.title) {
      y += TITLE;
      // long titles shrink (down to 9 px) before they are cut
      const size = Math.max(9, Math.min(TITLE, Math.floor(cw / (0.6 * c.title.length))));
      texts.push({ x: x + cw / 2, y, text: fitText(c.title, cw, size), size, anchor: 'middle', bold: true });
      y += 4;
    } else if (hasTitle) y += TITLE + 4;
    for (const line of c.subtitle ? c.subtitle.split('\n') : []) {
      y += SUB;
      texts.push({ x: x + cw / 2, y, text: fitText(line, cw, SUB), size: SUB, anchor: 'middle' });
      y += 3;
    }
    images.push({ x, y: y0 + labelH, width: cw, height: ch, image: c.image });
  });
  let width = Math.max(
    PAD + cols * (cw + PAD),
    spec.title ? 2 * PAD + Math.ceil(spec.title.length * 0.6 * HEADER) : 0,
  );
  const height = top + rows * (labelH + ch + PAD);
  const bar = spec.colorbar;
  if (bar) {
    const x = width;
    const y = top + labelH;
    images.push({ x, y, width: BAR_W, height: ch, image: colorbarImage(bar.colormap, ch) });
    const labels = [bar.max, (bar.max + bar.min) / 2, bar.min].map(tickLabel);
    labels.forEach((t, k) => {
      texts.push({
        x: x + BAR_W + 4,
        y: y + (k * ch) / 2 + (k === 0 ? SUB : k === 1 ? SUB / 2 : 0),
        text: t,
        size: SUB,
        anchor: 'start',
      });
    });
    if (bar.label) texts.push({ x: x, y: y - 4, text: bar.label, size: SUB, anchor: 'start' });
    const widest = Math.max(...labels.map((t) => t.length), bar.label ? bar.label.length - 3 : 0);
    width = x + BAR_W + 4 + Math.ceil(widest * 0.6 * SUB) + PAD;
  }
  return { title: spec.title, width, height, images, texts };
}
