/** A status-bar item while jobs run: "$(sync~spin) 2 Bio Jobs running"; hidden otherwise. */
import * as vscode from 'vscode';
import { isActive } from '../jobs/model';
import type { JobStore } from '../jobs/store';

export function createStatusBar(store: JobStore): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('biojobs.active', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Bio Jobs';
  item.command = 'workbench.view.extension.biojobs';
  const update = () => {
    const active = store.all().filter(isActive);
    if (!active.length) {
      item.hide();
      return;
    }
    const running = active.filter((j) => j.status === 'running').length;
    item.text = `$(sync~spin) ${active.length} Bio Job${active.length === 1 ? '' : 's'}`;
    item.tooltip = `${running} running, ${active.length - running} queued or submitting — click to show`;
    item.show();
  };
  update();
  const sub = store.onDidChange(update);
  return vscode.Disposable.from(item, sub);
}
