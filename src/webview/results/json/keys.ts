/**
 * Arrow-key navigation for the JSON tree (WAI-ARIA tree pattern): one Tab stop (roving
 * tabindex), Up/Down move between visible items, Right opens / enters, Left closes / goes to
 * the parent, Home/End jump. Enter/Space toggle natively on <summary>.
 */
import { openBranch } from './branches';

const ITEM = 'summary, li.leaf, li.more > button';

function visibleItems(tree: HTMLElement): HTMLElement[] {
  // Items inside a closed <details> have no layout boxes.
  return Array.from(tree.querySelectorAll<HTMLElement>(ITEM)).filter((e) => e.getClientRects().length > 0);
}

function parentSummary(item: HTMLElement): HTMLElement | null {
  const ownDetails = item.tagName === 'SUMMARY' ? item.parentElement : null;
  const details = (ownDetails?.parentElement ?? item).closest('details');
  return details?.querySelector(':scope > summary') ?? null;
}

export function installTreeKeys(tree: HTMLElement): void {
  let current: HTMLElement | null = null;
  const focus = (item: HTMLElement | null | undefined) => {
    if (!item) return;
    if (current && current !== item) current.tabIndex = -1;
    item.tabIndex = 0;
    current = item;
    item.focus();
  };

  // The first summary is the single Tab stop until something else gets focus.
  queueMicrotask(() => {
    const first = tree.querySelector<HTMLElement>(ITEM);
    if (first && !current) {
      first.tabIndex = 0;
      current = first;
    }
  });

  tree.addEventListener('focusin', (e) => {
    const item = (e.target as HTMLElement).closest<HTMLElement>(ITEM);
    if (item && item !== current) focus(item);
  });

  tree.addEventListener('keydown', (e) => {
    const item = (e.target as HTMLElement).closest<HTMLElement>(ITEM);
    if (!item) return;
    const items = visibleItems(tree);
    const i = items.indexOf(item);
    const details = item.tagName === 'SUMMARY' ? (item.parentElement as HTMLDetailsElement) : null;
    switch (e.key) {
      case 'ArrowDown':
        focus(items[i + 1]);
        break;
      case 'ArrowUp':
        focus(items[i - 1]);
        break;
      case 'Home':
        focus(items[0]);
        break;
      case 'End':
        focus(items[items.length - 1]);
        break;
      case 'ArrowRight':
        if (details && !details.open) openBranch(details);
        else if (details) focus(items[i + 1]);
        break;
      case 'ArrowLeft':
        if (details?.open) details.open = false;
        else focus(parentSummary(item));
        break;
      default:
        return;
    }
    e.preventDefault();
  });
}
