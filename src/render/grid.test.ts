import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { GlobalFonts } from '@napi-rs/canvas';
import { PNG } from 'pngjs';
import { colormap } from './colormaps.ts';
import { colorbarImage, fitText, layoutGrid, tickLabel } from './grid.ts';
import { heatmap, toRgb } from './heatmap.ts';
import { gridPng } from './png.ts';
import { gridSvg } from './svg.ts';

const GOLDEN = path.resolve('test/golden/render_grid.svg');

function spec() {
  const input = toRgb([0, 0.5, 1, 0.25], 2, 2, 1);
  const heat = heatmap([1, -1, 0, 0.5], 2, 2, { clip: 1 });
  return {
    title: 'saliency <mnist-cnn>',
    cells: [
      { image: input, title: 'input' },
      { image: heat, title: 'saliency', subtitle: 'del 0.123\nins 0.877' },
    ],
    scale: 40,
    colorbar: { colormap: 'diverging' as const, min: -0.0123456, max: 0.0123456, label: 'attr' },
  };
}

describe('grids', () => {
  it('tick labels keep three significant digits; long titles are cut', () => {
    assert.equal(tickLabel(0.0123456), '0.0123');
    assert.equal(tickLabel(-1234.5), '-1230');
    assert.equal(tickLabel(0), '0');
    assert.equal(fitText('integrated-gradients', 60, 10), 'integrate…');
    assert.equal(fitText('ig', 60, 10), 'ig');
  });

  it('lays out cells, titles, subtitles and the colour bar without overlap', () => {
    const l = layoutGrid(spec());
    const [a, b, bar] = l.images;
    assert.deepEqual([a.width, a.height, b.width], [80, 80, 80]);
    assert.equal(a.y, b.y);
    assert.ok(b.x >= a.x + a.width);
    assert.ok(bar.x >= b.x + b.width && bar.height === b.height);
    assert.ok(l.width >= bar.x + bar.width && l.height >= b.y + b.height);
    for (const t of l.texts.filter((t) => t.text !== 'saliency <mnist-cnn>' && t.text !== 'attr'))
      assert.ok(t.y <= a.y || t.x > bar.x, `text '${t.text}' at ${t.y} below ${a.y}`);
  });

  it('the SVG matches its snapshot (image data left out) and embeds every picture as PNG', () => {
    const svg = gridSvg(layoutGrid(spec()));
    assert.equal((svg.match(/data:image\/png;base64,/g) ?? []).length, 3);
    assert.match(svg, /saliency &lt;mnist-cnn&gt;/);
    const stripped = svg.replace(/base64,[A-Za-z0-9+/=]+/g, 'base64,…');
    if (process.env.GLASSBOX_UPDATE_GOLDEN || !existsSync(GOLDEN)) writeFileSync(GOLDEN, stripped);
    assert.equal(stripped, readFileSync(GOLDEN, 'utf8'));
  });

  it('the PNG shows the pictures pixel for pixel, a white background and the colour bar', () => {
    const l = layoutGrid(spec());
    const png = PNG.sync.read(gridPng(l));
    assert.deepEqual([png.width, png.height], [l.width, l.height]);
    const at = (x: number, y: number) =>
      Array.from(png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3));
    const [input, heat, bar] = l.images;
    // input pixel (1, 0) is 0.5 grey, scaled 40x; heat pixel (0, 0) is +1, the top of the scale
    assert.deepEqual(at(input.x + 60, input.y + 20), [128, 128, 128]);
    const lut = colormap('diverging');
    assert.deepEqual(at(heat.x + 20, heat.y + 20), Array.from(lut.subarray(255 * 3)));
    assert.deepEqual(at(heat.x + 20, heat.y + 60), Array.from(lut.subarray(128 * 3, 128 * 3 + 3)));
    assert.deepEqual(at(1, png.height - 1), [255, 255, 255]);
    assert.deepEqual(at(bar.x + 5, bar.y), Array.from(lut.subarray(255 * 3)));
    assert.deepEqual(
      Array.from(colorbarImage('diverging', 3).data.subarray(3, 6)),
      Array.from(lut.subarray(128 * 3, 129 * 3)),
    );
    assert.deepEqual(at(bar.x + 5, bar.y + bar.height - 1), Array.from(lut.subarray(0, 3)));
    // the title is drawn: some dark pixels in the header band (needs a system font, e.g. fonts-dejavu-core)
    if (GlobalFonts.families.length === 0) return;
    let dark = 0;
    for (let x = 0; x < png.width; x++) for (let y = 0; y < input.y - 20; y++) if (at(x, y)[0] < 100) dark++;
    assert.ok(dark > 10, `dark pixels ${dark}`);
  });
});
