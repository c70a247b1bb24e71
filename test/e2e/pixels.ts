/** Pixel checks on screenshots, decoded in the page itself (no image library in the tests). */
import type { Page } from 'playwright-core';

/** Share of pixels in a screenshot that differ from the page background (decoded in the page itself). */
export async function litShare(page: Page, png: Buffer, background: [number, number, number]): Promise<number> {
  return page.evaluate(
    async ([b64, bg]) => {
      const g = globalThis as unknown as { Image: new () => { src: string; width: number; height: number; decode(): Promise<void> }; document: { createElement(t: string): { width: number; height: number; getContext(k: string): { drawImage(i: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } } } };
      const img = new g.Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = g.document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, img.width, img.height).data;
      let lit = 0;
      for (let k = 0; k < d.length; k += 4) if (Math.abs(d[k] - bg[0]) + Math.abs(d[k + 1] - bg[1]) + Math.abs(d[k + 2] - bg[2]) > 40) lit++;
      return lit / (d.length / 4);
    },
    [png.toString('base64'), background] as const,
  );
}
