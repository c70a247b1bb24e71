/**
 * The jobs tree: provider → jobs (newest first). Elements are ids, so one job's change refreshes
 * only its own node. The view badge counts active jobs.
 */
import * as vscode from 'vscode';
import { safeLabel } from '../core/safeText';
import { hasResult, isActive } from '../jobs/model';
import type { JobStore } from '../jobs/store';
import type { Provider } from '../providers/types';
import type { SecretCredentials } from './credentials';
import { jobContextValue, jobDescription, jobTooltip, statusIcon } from './jobPresentation';

export type TreeNode = { kind: 'provider'; providerId: string } | { kind: 'job'; jobId: string };

export class JobsTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly providerNodes = new Map<string, TreeNode>();
  private readonly jobNodes = new Map<string, TreeNode>();
  private readonly disposables: vscode.Disposable[] = [];
  readonly view: vscode.TreeView<TreeNode>;

  constructor(
    private readonly store: JobStore,
    private readonly providers: ReadonlyMap<string, Provider>,
    private readonly credentials: SecretCredentials,
    private readonly now: () => number,
  ) {
    this.view = vscode.window.createTreeView('biojobs.jobs', { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      store.onDidChange((e) => {
        // Added/removed jobs change the provider's children; an update changes one node.
        const structural = e.removed || e.ids.some((id) => !this.jobNodes.has(id));
        if (structural) {
          for (const id of e.ids) if (e.removed) this.jobNodes.delete(id);
          this.changed.fire(undefined);
        } else {
          // The job's row, and its provider's row (whose description counts active jobs).
          const providers = new Set<string>();
          for (const id of e.ids) {
            this.changed.fire(this.jobNodes.get(id));
            const pid = this.store.get(id)?.providerId;
            if (pid) providers.add(pid);
          }
          for (const pid of providers) this.changed.fire(this.providerNodes.get(pid));
        }
        this.updateBadge();
      }),
      credentials.onDidChange(() => this.changed.fire(undefined)),
    );
    this.updateBadge();
  }

  /** Provider nodes are made on demand: a provider registered later (tests) gets one too. */
  private providerNode(providerId: string): TreeNode {
    let n = this.providerNodes.get(providerId);
    if (!n) {
      n = { kind: 'provider', providerId };
      this.providerNodes.set(providerId, n);
    }
    return n;
  }

  private jobNode(jobId: string): TreeNode {
    let n = this.jobNodes.get(jobId);
    if (!n) {
      n = { kind: 'job', jobId };
      this.jobNodes.set(jobId, n);
    }
    return n;
  }

  getChildren(element?: TreeNode): TreeNode[] {
    if (!element) {
      // No jobs at all: return nothing so the view's welcome content (set credentials / submit) shows.
      if (this.store.all().length === 0) return [];
      return [...this.providers.keys()]
        .filter((id) => this.credentials.has(id) || this.store.byProvider(id).length > 0)
        .map((id) => this.providerNode(id));
    }
    if (element.kind === 'provider') return this.store.byProvider(element.providerId).map((j) => this.jobNode(j.id));
    return [];
  }

  getParent(element: TreeNode): TreeNode | undefined {
    if (element.kind === 'provider') return undefined;
    const job = this.store.get(element.jobId);
    return job ? this.providerNode(job.providerId) : undefined;
  }

  getTreeItem(element: TreeNode): vscode.TreeItem {
    if (element.kind === 'provider') {
      const provider = this.providers.get(element.providerId);
      const jobs = this.store.byProvider(element.providerId);
      const signedIn = this.credentials.has(element.providerId);
      const item = new vscode.TreeItem(provider?.label ?? element.providerId, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `provider:${element.providerId}`;
      const active = jobs.filter(isActive).length;
      item.description = signedIn ? (active ? `${active} active` : `${jobs.length} job${jobs.length === 1 ? '' : 's'}`) : 'not signed in';
      item.iconPath = new vscode.ThemeIcon(signedIn ? 'server-environment' : 'key');
      // Capabilities, so menus offer only what the API has (no Import for a provider without a list).
      item.contextValue = ['provider', signedIn ? 'signedIn' : 'signedOut', provider?.listRemote ? 'canList' : '', provider?.submission ? 'canSubmit' : ''].filter(Boolean).join(' ');
      item.tooltip = signedIn ? `${provider?.label}: credentials set` : `${provider?.label}: no credentials — use the key button`;
      return item;
    }
    const job = this.store.get(element.jobId);
    if (!job) return new vscode.TreeItem('(removed)');
    const provider = this.providers.get(job.providerId);
    const item = new vscode.TreeItem(safeLabel(job.name, 120), vscode.TreeItemCollapsibleState.None);
    item.id = `job:${job.id}`;
    item.description = jobDescription(job, this.now());
    item.tooltip = jobTooltip(job, provider);
    item.iconPath = statusIcon(job.status, !!job.resultError);
    item.contextValue = jobContextValue(job, provider);
    item.accessibilityInformation = { label: `${safeLabel(job.name, 120)}, ${item.description}` };
    if (hasResult(job)) item.command = { command: 'biojobs.openResult', title: 'Open Result', arguments: [element] };
    return item;
  }

  /** Re-renders every row (relative times age). */
  refreshAll(): void {
    this.changed.fire(undefined);
  }

  private updateBadge(): void {
    const active = this.store.all().filter(isActive).length;
    this.view.badge = active ? { value: active, tooltip: `${active} active job${active === 1 ? '' : 's'}` } : undefined;
    void vscode.commands.executeCommand('setContext', 'biojobs.hasJobs', this.store.all().length > 0);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
