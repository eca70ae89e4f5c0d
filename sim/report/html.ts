// The report page: one self-contained HTML file that works offline. Every chart is inline SVG
// (readable with scripts off), and vega, vega-lite and vega-embed are inlined so the same charts
// become interactive (tooltips, export) without fetching anything.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';

export interface Chart {
  /** File-name-safe name, also the figure's id. */
  readonly name: string;
  readonly caption: string;
  readonly spec: TopLevelSpec;
  readonly svg: string;
}

export type Tone = 'good' | 'bad' | 'warn' | 'neutral';

export interface StatusItem {
  readonly label: string;
  readonly value: string;
  readonly tone: Tone;
}

/** What a page says first: the question it answers, the answer, and the verdict on the runs. */
export interface Verdict {
  /** The study's question, when the scenario states one. */
  readonly question?: string;
  /** The verdict in one line ("passes", "2 of 3 regression bands hold"), toned. */
  readonly headline: string;
  readonly tone: Tone;
  /** Sentences that say what the runs show, or what weakens the verdict. */
  readonly notes: readonly { readonly text: string; readonly tone: Tone }[];
  readonly status: readonly StatusItem[];
}

export interface Page {
  readonly title: string;
  readonly subtitle: string;
  readonly verdict: Verdict;
  /** Already-rendered HTML sections, in reading order. */
  readonly sections: readonly string[];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function section(title: string, body: string): string {
  return `<section><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[], numericFrom = 1): string {
  const cells = (row: readonly string[], tag: string) =>
    row.map((cell, i) => `<${tag}${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(cell)}</${tag}>`).join('');
  return `<table><thead><tr>${cells(header, 'th')}</tr></thead><tbody>\n${rows.map((row) => `<tr>${cells(row, 'td')}</tr>`).join('\n')}\n</tbody></table>`;
}

/** Four significant digits: enough to compare, few enough to read. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (value !== 0 && (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-3)) return value.toExponential(3);
  return Number(value.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export function figure(chart: Chart): string {
  return [
    `<figure class="chart" id="${escapeHtml(chart.name)}">`,
    `<div class="static">${scopeSvgIds(chart.svg, chart.name)}</div>`,
    '<div class="interactive"></div>',
    `<script type="application/json" class="spec">${jsonForScript(chart.spec)}</script>`,
    `<figcaption>${escapeHtml(chart.caption)} <a href="${chart.name}.svg">SVG</a> <a href="${chart.name}.png">PNG</a></figcaption>`,
    '</figure>',
  ].join('\n');
}

/** A section folded away, for what a reader looks at only when the lead leaves a question open. */
export function foldedSection(title: string, body: string): string {
  return `<section><details><summary><h2>${escapeHtml(title)}</h2></summary>\n${body}\n</details></section>`;
}

function renderVerdict(verdict: Verdict): string {
  const strip = verdict.status
    .map((item) => `<div class="status ${item.tone}"><span class="label">${escapeHtml(item.label)}</span><span class="value">${escapeHtml(item.value)}</span></div>`)
    .join('\n');
  return [
    '<section class="verdict">',
    verdict.question ? `<p class="question">${escapeHtml(verdict.question)}</p>` : '',
    `<p class="headline ${verdict.tone}">${escapeHtml(verdict.headline)}</p>`,
    ...verdict.notes.map((note) => `<p class="note ${note.tone}">${escapeHtml(note.text)}</p>`),
    `<div class="strip">\n${strip}\n</div>`,
    '</section>',
  ].filter((line) => line !== '').join('\n');
}

export function renderPage(page: Page): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(page.title)}</h1><p class="subtitle">${escapeHtml(page.subtitle)}</p></header>
${renderVerdict(page.verdict)}
${page.sections.join('\n')}
${libraries()}
<script>${EMBED}</script>
</body>
</html>
`;
}

/** Inline SVGs share one id namespace: prefix each chart's ids so two charts never collide. */
function scopeSvgIds(svg: string, scope: string): string {
  return svg.replace(/\bid="([^"]+)"/g, `id="${scope}-$1"`).replace(/url\(#([^)]+)\)/g, `url(#${scope}-$1)`).replace(/href="#([^"]+)"/g, `href="#${scope}-$1"`);
}

/** JSON that cannot close its script element early. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

let cachedLibraries: string | undefined;

function libraries(): string {
  if (cachedLibraries === undefined) {
    const require = createRequire(import.meta.url);
    const build = (pkg: string) => dirname(require.resolve(pkg));
    const files = [join(build('vega'), 'vega.min.js'), join(build('vega-lite'), 'vega-lite.min.js'), join(build('vega-embed'), 'vega-embed.min.js')];
    cachedLibraries = files.map((file) => `<script>${readFileSync(file, 'utf8').replace(/<\/script/gi, '<\\/script')}</script>`).join('\n');
  }
  return cachedLibraries;
}

// Swaps each static SVG for its live vega-embed view; the static one stays if embedding fails.
const EMBED = `
for (const fig of document.querySelectorAll('figure.chart')) {
  const spec = JSON.parse(fig.querySelector('script.spec').textContent);
  vegaEmbed(fig.querySelector('.interactive'), spec, { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } })
    .then(() => fig.classList.add('live'))
    .catch((error) => console.error('chart ' + fig.id + ': ' + error.message));
}`;

const STYLE = `
body { font-family: 'DejaVu Sans', Verdana, sans-serif; margin: 1.5rem auto; max-width: 1200px; padding: 0 1rem; color: #222; }
h1 { margin: 0; font-size: 1.6rem; } h2 { font-size: 1.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2rem; }
.subtitle { color: #666; margin: .2rem 0 1rem; }
section.verdict { border: 1px solid #ccc; border-radius: 8px; padding: .8rem 1rem; margin: .5rem 0 1rem; }
.verdict .question { font-size: 1.15rem; font-weight: bold; margin: 0 0 .5rem; }
.verdict .headline { font-size: 1.25rem; font-weight: bold; margin: .3rem 0; padding: .3rem .6rem; border-radius: 6px; border: 1px solid; display: inline-block; }
.verdict .note { margin: .35rem 0; } .verdict .note.neutral { background: none; border: none; }
.verdict .note.warn, .verdict .note.bad { padding: .25rem .5rem; border-radius: 4px; border: 1px solid; }
details > summary { cursor: pointer; } details > summary > h2 { display: inline-block; border: none; margin-top: 1.2rem; }
.strip { display: flex; flex-wrap: wrap; gap: .5rem; }
.status { border-radius: 6px; padding: .45rem .8rem; min-width: 9rem; border: 1px solid; }
.status .label { display: block; font-size: .8rem; opacity: .8; }
.status .value { font-size: 1.05rem; font-weight: bold; }
.good { background: #e8f5e9; border-color: #81c784; } .bad { background: #fdecea; border-color: #e57373; }
.warn { background: #fff8e1; border-color: #ffb74d; } .neutral { background: #f3f6fa; border-color: #b0bec5; }
figure.chart { margin: 1rem 0; overflow-x: auto; } figure.chart.live .static { display: none; }
figcaption { color: #555; font-size: .85rem; }
table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0; }
th, td { border-bottom: 1px solid #e5e5e5; padding: .25rem .6rem; text-align: left; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f5f5f5; padding: .6rem; overflow-x: auto; }
`;
