/**
 * Tiny DOM builder. Every piece of data becomes a text node (never parsed as HTML), so remote
 * strings such as a job named `<img src=x onerror=alert(1)>` always render as literal text.
 * Attribute names come from our code only; values may be data (setAttribute does not parse them).
 */

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** Attribute name → value. Never pass event-handler attributes (`on*`): CSP blocks them anyway. */
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props?.class) node.className = props.class;
  if (props?.attrs) {
    for (const [name, value] of Object.entries(props.attrs)) node.setAttribute(name, value);
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** A real <button> with an accessible name; `label` is the visible text, `ariaLabel` the spoken one. */
export function button(label: string, ariaLabel: string, onClick: () => void, cls = ''): HTMLButtonElement {
  const b = el('button', { class: cls, attrs: { type: 'button', 'aria-label': ariaLabel, title: ariaLabel } }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** Replaces everything under `parent` (cheaper and safer than assigning innerHTML = ''). */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}
