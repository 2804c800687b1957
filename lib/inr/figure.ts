/**
 * Side-by-side reconstructions as SVG for the report: one row per method (ground truth first),
 * one column per signal, each image drawn as grey rectangles (runs of equal grey in a row merged),
 * so the figure is plain SVG that opens offline without any image encoder.
 */
import { escapeXml } from '../plot/index.js';

export interface ImageRow {
  label: string;
  /** Grey images in [0, 1] (values outside are clamped), [height · width] each. */
  images: Float32Array[];
  /** Per-image caption, e.g. its PSNR. */
  captions?: string[];
}

const LEVELS = 32;

function imageRects(img: Float32Array, h: number, w: number, x0: number, y0: number, px: number): string {
  const level = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * (LEVELS - 1));
  const parts: string[] = [];
  for (let r = 0; r < h; r++) {
    let c = 0;
    while (c < w) {
      const l = level(img[r * w + c]!);
      let end = c + 1;
      while (end < w && level(img[r * w + end]!) === l) end++;
      const g = Math.round((255 * l) / (LEVELS - 1));
      parts.push(`<rect x="${x0 + c * px}" y="${y0 + r * px}" width="${(end - c) * px}" height="${px}" fill="rgb(${g},${g},${g})"/>`);
      c = end;
    }
  }
  return parts.join('');
}

export function imageGridSvg(rows: ImageRow[], height: number, width: number, o: { pixel?: number; title?: string } = {}): string {
  const px = o.pixel ?? 3;
  const labelW = 120;
  const gap = 8;
  const caption = 14;
  const top = o.title ? 22 : 4;
  const cols = Math.max(0, ...rows.map((r) => r.images.length));
  const cellW = width * px + gap;
  const cellH = height * px + caption + gap;
  const W = labelW + cols * cellW;
  const H = top + rows.length * cellH;
  const body = rows.map((row, ri) => {
    const y = top + ri * cellH;
    const label = `<text x="4" y="${y + (height * px) / 2}" font-family="sans-serif" font-size="12">${escapeXml(row.label)}</text>`;
    const imgs = row.images.map((img, ci) => {
      const x = labelW + ci * cellW;
      const cap = row.captions?.[ci];
      const text = cap ? `<text x="${x}" y="${y + height * px + 11}" font-family="sans-serif" font-size="10">${escapeXml(cap)}</text>` : '';
      return imageRects(img, height, width, x, y, px) + text;
    });
    return label + imgs.join('');
  });
  const title = o.title ? `<text x="4" y="15" font-family="sans-serif" font-size="13" font-weight="bold">${escapeXml(o.title)}</text>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" shape-rendering="crispEdges">${title}${body.join('')}</svg>`;
}
