/** Validation problems → the Problems panel, with line and column. */
import * as vscode from 'vscode';
import type { SourceDiagnostic } from '../core/errors';

export class SubmitDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('biojobs');

  set(uri: vscode.Uri, items: readonly SourceDiagnostic[]): void {
    this.collection.set(
      uri,
      items.map((d) => {
        const range = new vscode.Range(d.line, d.column, d.endLine ?? d.line, d.endColumn ?? d.column + 1);
        const diag = new vscode.Diagnostic(range, d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
        diag.source = 'Bio Jobs';
        return diag;
      }),
    );
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
