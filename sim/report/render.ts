// Charts without a browser: vega-lite compiles to a vega spec, a headless vega View renders it to
// SVG, and resvg rasterises the SVG to PNG (vega's own PNG path would need node-canvas).
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Debian's fonts-dejavu-core; without it resvg falls back to whatever system font it finds. */
const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function svgToPng(svg: string, scale = 2): Uint8Array {
  const fonts = existsSync(DEJAVU) ? { fontFiles: [DEJAVU], defaultFontFamily: 'DejaVu Sans' } : {};
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, background: 'white', font: { loadSystemFonts: true, ...fonts } });
  return resvg.render().asPng();
}
