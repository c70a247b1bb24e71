/** A tiny typed event emitter with disposable subscriptions (vscode.EventEmitter's shape, vscode-free). */

export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (e: T) => void) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners = new Set<(e: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(e: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        // One bad listener must not stop the others (or the store write that fired the event).
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
