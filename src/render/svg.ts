/**
 * Draws a grid layout as a standalone SVG: each picture an <image> holding its PNG as a
 * data URI (drawn pixelated, so small maps stay sharp when scaled), text as <text>.
 */
import type { GridLayout } from './grid.ts';
import { rgbToPng } from './png.ts';

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Coordinates with at most one decimal, so the text is stable. */
const num = (v: number) => String(Math.round(v * 10) / 10);

export function gridSvg(layout: GridLayout): string {
  const lines = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}">`,
    `<title>${escapeXml(layout.title ?? 'Glassbox picture')}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  for (const p of layout.images) {
    const uri = `data:image/png;base64,${rgbToPng(p.image).toString('base64')}`;
    lines.push(
      `<image x="${num(p.x)}" y="${num(p.y)}" width="${num(p.width)}" height="${num(p.height)}" preserveAspectRatio="none" style="image-rendering:pixelated" href="${uri}"/>`,
    );
  }
  for (const t of layout.texts) {
    const weight = t.bold ? ' font-weight="bold"' : '';
    lines.push(
      `<text x="${num(t.x)}" y="${num(t.y)}" font-family="sans-serif" font-size="${t.size}"${weight} text-anchor="${t.anchor}" fill="#222222">${escapeXml(t.text)}</text>`,
    );
  }
  lines.push('</svg>');
  return `${lines.join('\n')}\n`;
}
