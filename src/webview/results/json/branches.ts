/** Lazily built branches of the JSON tree. */

/** Each branch's child builder, so a keyboard expand can build before it opens. */
export const builders = new WeakMap<HTMLDetailsElement, () => void>();

/**
 * Opens a branch with its children already in place. The `toggle` event that builds them for a
 * mouse click arrives a task later, and a key pressed in between would skip the children.
 */
export function openBranch(details: HTMLDetailsElement): void {
  builders.get(details)?.();
  details.open = true;
}
