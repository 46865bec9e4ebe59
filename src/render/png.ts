/**
 * Draws a grid layout (or one RGB image) as PNG through @napi-rs/canvas (Skia): images
 * scaled by nearest neighbour, text in the system's sans-serif, white background.
 */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { GridLayout } from './grid.ts';
import type { RgbImage } from './heatmap.ts';

function rgba(img: RgbImage): Uint8ClampedArray {
  const out = new Uint8ClampedArray(img.width * img.height * 4);
  for (let i = 0; i < img.width * img.height; i++) {
    out[i * 4] = img.data[i * 3];
    out[i * 4 + 1] = img.data[i * 3 + 1];
    out[i * 4 + 2] = img.data[i * 3 + 2];
    out[i * 4 + 3] = 255;
  }
  return out;
}

function imageCanvas(img: RgbImage) {
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  const data = ctx.createImageData(img.width, img.height);
  data.data.set(rgba(img));
  ctx.putImageData(data, 0, 0);
  return c;
}

/** One RGB image as PNG bytes. */
export function rgbToPng(img: RgbImage): Buffer {
  return imageCanvas(img).toBuffer('image/png');
}

function draw(ctx: SKRSContext2D, layout: GridLayout): void {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, layout.width, layout.height);
  ctx.imageSmoothingEnabled = false;
  for (const p of layout.images) ctx.drawImage(imageCanvas(p.image), p.x, p.y, p.width, p.height);
  ctx.fillStyle = '#222222';
  for (const t of layout.texts) {
    ctx.font = `${t.bold ? 'bold ' : ''}${t.size}px sans-serif`;
    ctx.textAlign = t.anchor === 'middle' ? 'center' : t.anchor === 'end' ? 'right' : 'left';
    ctx.fillText(t.text, t.x, t.y);
  }
}

/** The grid as PNG bytes. */
export function gridPng(layout: GridLayout): Buffer {
  const c = createCanvas(layout.width, layout.height);
  draw(c.getContext('2d'), layout);
  return c.toBuffer('image/png');
}
