/** The VS Code Disposable pattern: a class owns a list of disposables and releases them once. */
import type * as vscode from 'vscode';

export abstract class Disposable implements vscode.Disposable {
  private _disposed = false;
  private readonly _disposables: vscode.Disposable[] = [];

  protected get isDisposed(): boolean {
    return this._disposed;
  }

  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    // Reverse order: later registrations may depend on earlier ones.
    for (const d of this._disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch {
        // One failing dispose must not leak the rest.
      }
    }
  }

  /** Ties `d` to this object's lifetime; disposes it at once if this object is already gone. */
  protected _register<T extends vscode.Disposable>(d: T): T {
    if (this._disposed) d.dispose();
    else this._disposables.push(d);
    return d;
  }
}
