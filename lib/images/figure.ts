/**
 * Report figure for segmentations: rows of small PNG thumbnails (image, truth, predictions)
 * embedded as data URIs in one SVG, so the HTML report stays a single offline file. PNG keeps a
 * 256×256 thumbnail near 30-60 kB, where one SVG rect per pixel would be megabytes.
 */
import { escapeXml } from '../plot/index.js';
import { encodeGreyPng } from './png.js';

export interface Thumbnail {
  /** height×width values in [0, 1] (clipped when shown). */
  values: Float32Array;
  caption: string;
}

export interface ThumbnailRow {
  label: string;
  images: Thumbnail[];
}

/** Nearest-neighbour shrink so the longer side is at most `max` pixels, as grey bytes. */
export function thumbnailBytes(values: Float32Array, height: number, width: number, max: number): { bytes: Uint8Array; h: number; w: number } {
  const step = Math.max(1, Math.ceil(Math.max(height, width) / max));
  const h = Math.ceil(height / step);
  const w = Math.ceil(width / step);
  const bytes = new Uint8Array(h * w);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const v = values[r * step * width + c * step];
      bytes[r * w + c] = Math.round(255 * Math.min(1, Math.max(0, v)));
    }
  }
  return { bytes, h, w };
}

export function thumbnailGridSvg(rows: ThumbnailRow[], height: number, width: number, o: { max?: number } = {}): string {
  const max = o.max ?? 192;
  const labelW = 110;
  const gap = 8;
  const caption = 14;
  const cols = Math.max(0, ...rows.map((r) => r.images.length));
  let cellW = 0;
  let cellH = 0;
  const cells = rows.map((row) =>
    row.images.map((img) => {
      const t = thumbnailBytes(img.values, height, width, max);
      cellW = Math.max(cellW, t.w);
      cellH = Math.max(cellH, t.h);
      return { ...t, uri: `data:image/png;base64,${encodeGreyPng(t.bytes, t.w, t.h).toString('base64')}`, caption: img.caption };
    }),
  );
  const W = labelW + cols * (cellW + gap);
  const H = rows.length * (cellH + caption + gap) + 4;
  const body = rows.map((row, ri) => {
    const y = 4 + ri * (cellH + caption + gap);
    const label = `<text x="4" y="${y + cellH / 2}" font-family="sans-serif" font-size="12">${escapeXml(row.label)}</text>`;
    const imgs = cells[ri]!.map((c, ci) => {
      const x = labelW + ci * (cellW + gap);
      return `<image x="${x}" y="${y}" width="${c.w}" height="${c.h}" href="${c.uri}" style="image-rendering:pixelated"/>` +
        `<text x="${x}" y="${y + cellH + 11}" font-family="sans-serif" font-size="10">${escapeXml(c.caption)}</text>`;
    });
    return label + imgs.join('');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${body.join('')}</svg>`;
}
