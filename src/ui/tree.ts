/**
 * The jobs tree: provider → jobs (newest first). Elements are ids, so one job's change refreshes
 * only its own node. The view badge counts active jobs.
 *
 * Large stores (an import of 10,000 jobs): VS Code builds every child of an expanded node at once
 * in the extension host, so a provider lists its newest TREE_PAGE jobs and a "Show more" row that
 * adds the next page. Added and removed jobs refresh the tree at most every REFRESH_MS (an import
 * adds a page at a time).
 */
import * as vscode from 'vscode';
import { safeLabel } from '../core/safeText';
import { hasResult, isActive } from '../jobs/model';
import type { JobRecord } from '../jobs/model';
import type { JobStore } from '../jobs/store';
import type { Provider } from '../providers/types';
import type { SecretCredentials } from './credentials';
import { jobContextValue, jobDescription, jobTooltip, statusIcon } from './jobPresentation';

export type TreeNode = { kind: 'provider'; providerId: string } | { kind: 'job'; jobId: string } | { kind: 'more'; providerId: string };

/** Jobs a provider lists before its "Show more" row, and how many each click adds. */
export const TREE_PAGE = 200;
/** A burst of added jobs refreshes the tree once it pauses this long, and at least this often while it lasts. */
const REFRESH_QUIET_MS = 250;
const REFRESH_MAX_MS = 1000;

export class JobsTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly providerNodes = new Map<string, TreeNode>();
  private readonly jobNodes = new Map<string, TreeNode>();
  private readonly moreNodes = new Map<string, TreeNode>();
  /** Jobs listed per provider (TREE_PAGE until "Show more"). */
  private readonly shown = new Map<string, number>();
  /** Every job id the tree has been told about: a new one changes its provider's children. */
  private readonly known = new Set<string>();
  private refreshTimer: NodeJS.Timeout | undefined;
  private refreshDue = 0;
  /** Tooltips by job, rebuilt when the job changes: a refresh re-lists a page of rows, and dates are slow to format. */
  private readonly tooltips = new Map<string, { updatedAt: number; tooltip: vscode.MarkdownString }>();
  private readonly disposables: vscode.Disposable[] = [];
  readonly view: vscode.TreeView<TreeNode>;

  constructor(
    private readonly store: JobStore,
    private readonly providers: ReadonlyMap<string, Provider>,
    private readonly credentials: SecretCredentials,
    private readonly now: () => number,
  ) {
    this.view = vscode.window.createTreeView('biojobs.jobs', { treeDataProvider: this, showCollapseAll: true });
    for (const j of store.all()) this.known.add(j.id);
    this.disposables.push(
      this.view,
      this.changed,
      vscode.commands.registerCommand('biojobs.showMoreJobs', (providerId: unknown) => {
        if (typeof providerId === 'string') this.showMore(providerId);
      }),
      store.onDidChange((e) => {
        // Added/removed jobs change the provider's children; an update changes one node.
        if (e.removed) {
          for (const id of e.ids) {
            this.known.delete(id);
            this.jobNodes.delete(id);
            this.tooltips.delete(id);
          }
          this.scheduleRefresh();
        } else if (e.ids.some((id) => !this.known.has(id))) {
          for (const id of e.ids) this.known.add(id);
          this.scheduleRefresh();
        } else {
          // The job's row (when listed), and its provider's row (whose description counts active jobs).
          const providers = new Set<string>();
          for (const id of e.ids) {
            const node = this.jobNodes.get(id);
            if (node) this.changed.fire(node);
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
    if (element.kind === 'provider') {
      const jobs = this.store.byProvider(element.providerId);
      const limit = this.shown.get(element.providerId) ?? TREE_PAGE;
      const nodes = jobs.slice(0, limit).map((j) => this.jobNode(j.id));
      if (jobs.length > limit) nodes.push(this.moreNode(element.providerId));
      return nodes;
    }
    return [];
  }

  /** Lists the provider's next TREE_PAGE jobs ("Show more"). */
  showMore(providerId: string): void {
    this.shown.set(providerId, (this.shown.get(providerId) ?? TREE_PAGE) + TREE_PAGE);
    this.changed.fire(this.providerNodes.get(providerId));
  }

  private moreNode(providerId: string): TreeNode {
    let n = this.moreNodes.get(providerId);
    if (!n) {
      n = { kind: 'more', providerId };
      this.moreNodes.set(providerId, n);
    }
    return n;
  }

  /**
   * Added or removed jobs: one refresh for a burst of them (VS Code re-lists the expanded
   * providers' rows on each refresh, a page of TreeItems built at once in this extension host).
   */
  private scheduleRefresh(): void {
    const now = Date.now();
    if (!this.refreshTimer) this.refreshDue = now + REFRESH_MAX_MS;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(
      () => {
        this.refreshTimer = undefined;
        this.changed.fire(undefined);
      },
      Math.max(0, Math.min(REFRESH_QUIET_MS, this.refreshDue - now)),
    );
  }

  private tooltip(job: JobRecord, provider: Provider | undefined): vscode.MarkdownString {
    const cached = this.tooltips.get(job.id);
    if (cached && cached.updatedAt === job.updatedAt) return cached.tooltip;
    const tooltip = jobTooltip(job, provider);
    this.tooltips.set(job.id, { updatedAt: job.updatedAt, tooltip });
    return tooltip;
  }

  getParent(element: TreeNode): TreeNode | undefined {
    if (element.kind === 'provider') return undefined;
    if (element.kind === 'more') return this.providerNode(element.providerId);
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
    if (element.kind === 'more') {
      const rest = this.store.byProvider(element.providerId).length - (this.shown.get(element.providerId) ?? TREE_PAGE);
      const next = Math.min(TREE_PAGE, rest);
      const item = new vscode.TreeItem(`Show ${next.toLocaleString('en-US')} more`, vscode.TreeItemCollapsibleState.None);
      item.id = `more:${element.providerId}`;
      item.description = `${rest.toLocaleString('en-US')} older job${rest === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.contextValue = 'more';
      item.command = { command: 'biojobs.showMoreJobs', title: 'Show More Jobs', arguments: [element.providerId] };
      return item;
    }
    const job = this.store.get(element.jobId);
    if (!job) return new vscode.TreeItem('(removed)');
    const provider = this.providers.get(job.providerId);
    const item = new vscode.TreeItem(safeLabel(job.name, 120), vscode.TreeItemCollapsibleState.None);
    item.id = `job:${job.id}`;
    item.description = jobDescription(job, this.now());
    item.tooltip = this.tooltip(job, provider);
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
    clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
  }
}
