/** The provider Prompter on VS Code quick picks, modal dialogs and input boxes. */
import * as vscode from 'vscode';
import type { Prompter } from '../providers/types';

export const vscodePrompter: Prompter = {
  async pickOne(title, items) {
    const pick = await vscode.window.showQuickPick(
      items.map((i) => ({ label: i.label, description: i.description, detail: i.detail, value: i.value })),
      { title, ignoreFocusOut: true },
    );
    return pick?.value;
  },
  async pickMany(title, items) {
    const picks = await vscode.window.showQuickPick(
      items.map((i) => ({ label: i.label, description: i.description, detail: i.detail, picked: i.picked, value: i.value })),
      { title, canPickMany: true, ignoreFocusOut: true, placeHolder: 'Space toggles, Enter confirms' },
    );
    return picks?.map((p) => p.value);
  },
  async confirm(message, detail, action) {
    const pick = await vscode.window.showInformationMessage(message, { modal: true, detail }, action);
    return pick === action;
  },
  ask(title, prompt, value, validate) {
    return Promise.resolve(vscode.window.showInputBox({ title, prompt, value, ignoreFocusOut: true, validateInput: validate }));
  },
};
