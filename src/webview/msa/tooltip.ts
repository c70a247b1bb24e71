/** The hover tooltip over the canvas: text only, kept beside the pointer and inside the panel. */
import { el } from '../common/dom';

const OFFSET = 14;

export class Tooltip {
  readonly element = el('div', { class: 'tooltip', attrs: { role: 'tooltip', hidden: '' } });

  show(text: string, clientX: number, clientY: number): void {
    const tip = this.element;
    if (tip.textContent !== text) tip.textContent = text;
    tip.hidden = false;
    // Flipped left/up near the right and bottom edges so it never leaves the panel.
    const w = tip.offsetWidth;
    const h = tip.offsetHeight;
    const left = clientX + OFFSET + w > window.innerWidth ? Math.max(0, clientX - OFFSET - w) : clientX + OFFSET;
    const top = clientY + OFFSET + h > window.innerHeight ? Math.max(0, clientY - OFFSET - h) : clientY + OFFSET;
    // CSSOM (allowed by the CSP), not a style attribute.
    tip.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
  }

  hide(): void {
    if (!this.element.hidden) this.element.hidden = true;
  }
}
