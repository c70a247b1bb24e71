/** Pixel checks on screenshots, decoded in the page itself (no image library in the tests). */
import type { Page } from 'playwright-core';

type Rgb = [number, number, number];

/** What a pixel is counted for (the page cannot take a function, so the tests are named). */
type PixelTest =
  | { kind: 'far'; rgb: Rgb; tolerance: number }
  | { kind: 'near'; rgb: Rgb; tolerance: number }
  | { kind: 'magenta'; blue: boolean };

/** How many pixels of the PNG pass the test, and how many there are. */
async function countPixels(page: Page, png: Buffer, test: PixelTest): Promise<{ count: number; total: number }> {
  return page.evaluate(
    async ([b64, t]) => {
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
      let count = 0;
      for (let k = 0; k < d.length; k += 4) {
        let pass: boolean;
        if (t.kind === 'magenta') pass = d[k] - d[k + 1] > 40 && (!t.blue || d[k + 2] - d[k + 1] > 40);
        else {
          const dist = Math.abs(d[k] - t.rgb[0]) + Math.abs(d[k + 1] - t.rgb[1]) + Math.abs(d[k + 2] - t.rgb[2]);
          pass = t.kind === 'far' ? dist > t.tolerance : dist < t.tolerance;
        }
        if (pass) count++;
      }
      return { count, total: d.length / 4 };
    },
    [png.toString('base64'), test] as const,
  );
}

/** Share of pixels that differ from the page background. */
export async function litShare(page: Page, png: Buffer, background: Rgb): Promise<number> {
  const { count, total } = await countPixels(page, png, { kind: 'far', rgb: background, tolerance: 40 });
  return count / total;
}

/** Pixels close to a colour (e.g. the magenta highlight). */
export async function countColour(page: Page, png: Buffer, rgb: Rgb, tolerance = 60): Promise<number> {
  return (await countPixels(page, png, { kind: 'near', rgb, tolerance })).count;
}

/**
 * Magenta-ish pixels: red above green by 40 (and blue too, with `blue`). The PAE map's greens
 * and whites never are; in 3-D, no pLDDT band, element or background colour is either.
 */
export async function countMagentaish(page: Page, png: Buffer, blue = false): Promise<number> {
  return (await countPixels(page, png, { kind: 'magenta', blue })).count;
}
