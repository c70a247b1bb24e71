/** Composition root: builds the services and registers everything. Nothing else lives here. */
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('biojobs.showLog', () => undefined),
  );
}

export function deactivate(): void {}
