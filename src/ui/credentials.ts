/**
 * Credentials in SecretStorage only (one JSON entry per provider). The set command checks them by
 * logging in before it keeps them. Context key `biojobs.hasCredentials` drives the welcome view.
 */
import * as vscode from 'vscode';
import { errorMessage, NetworkError } from '../core/errors';
import { checkBaseUrl } from '../core/urls';
import { Emitter } from '../core/event';
import type { CredentialSource, Provider } from '../providers/types';

const secretKey = (providerId: string) => `biojobs.credentials.${providerId}`;

export interface CredentialsChange {
  providerId: string;
  /** True when the new credentials were just checked by a login whose session the provider keeps. */
  verified: boolean;
}

export class SecretCredentials implements CredentialSource {
  private readonly changed = new Emitter<CredentialsChange>();
  /** Fires once per change of a provider's credentials (this window's, or another window's). */
  readonly onDidChange = this.changed.event;
  /** Credentials being checked before they are stored (the check must log in with them). */
  private readonly pending = new Map<string, Record<string, string>>();
  private readonly known = new Set<string>();
  /** What this window last stored or saw, so its own writes are not announced twice. */
  private readonly lastRaw = new Map<string, string | undefined>();

  constructor(private readonly secrets: vscode.SecretStorage) {
    secrets.onDidChange(async (e) => {
      const id = e.key.startsWith('biojobs.credentials.') ? e.key.slice('biojobs.credentials.'.length) : undefined;
      if (!id) return;
      const raw = await this.secrets.get(e.key);
      if (this.lastRaw.has(id) && this.lastRaw.get(id) === raw) return;
      this.lastRaw.set(id, raw);
      await this.refreshKnown([id]);
      this.changed.fire({ providerId: id, verified: false });
    });
  }

  async get(providerId: string): Promise<Record<string, string> | undefined> {
    const pending = this.pending.get(providerId);
    if (pending) return pending;
    const raw = await this.secrets.get(secretKey(providerId));
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as Record<string, string>;
    } catch {
      return undefined;
    }
  }

  has(providerId: string): boolean {
    return this.known.has(providerId);
  }

  async refreshKnown(ids: readonly string[]): Promise<void> {
    // All at once: each read is a round trip to the window (activation waits for them).
    const found = await Promise.all(ids.map((id) => this.secrets.get(secretKey(id))));
    ids.forEach((id, i) => {
      if (found[i]) this.known.add(id);
      else this.known.delete(id);
    });
    // Sent, not awaited: the window's answer is a second round trip (7-25 ms of activation on a
    // loaded machine) and nothing here needs it; messages to the window keep their order.
    void Promise.resolve(vscode.commands.executeCommand('setContext', 'biojobs.hasCredentials', this.known.size > 0)).catch(() => undefined);
  }

  async withPending<T>(providerId: string, values: Record<string, string>, fn: () => Promise<T>): Promise<T> {
    this.pending.set(providerId, values);
    try {
      return await fn();
    } finally {
      this.pending.delete(providerId);
    }
  }

  async store(providerId: string, values: Record<string, string>, verified = false): Promise<void> {
    const raw = JSON.stringify(values);
    this.lastRaw.set(providerId, raw);
    await this.secrets.store(secretKey(providerId), raw);
    await this.refreshKnown([providerId]);
    this.changed.fire({ providerId, verified });
  }

  async clear(providerId: string): Promise<void> {
    this.lastRaw.set(providerId, undefined);
    await this.secrets.delete(secretKey(providerId));
    await this.refreshKnown([providerId]);
    this.changed.fire({ providerId, verified: false });
  }
}

/** Asks for the base URL when none is set, and saves it in the user (machine) settings. */
async function ensureBaseUrl(provider: Provider): Promise<boolean> {
  const key = `${provider.id}.baseUrl`;
  const current = vscode.workspace.getConfiguration('biojobs').get<string>(key, '');
  if (current.trim()) return true;
  const url = await vscode.window.showInputBox({
    title: `${provider.label}: base URL`,
    prompt: `The API's base URL (saved as the user setting biojobs.${key})`,
    placeHolder: 'https://…',
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        checkBaseUrl(v, `biojobs.${key}`);
        return undefined;
      } catch (err) {
        return errorMessage(err);
      }
    },
  });
  if (!url) return false;
  await vscode.workspace.getConfiguration('biojobs').update(key, url.trim(), vscode.ConfigurationTarget.Global);
  return true;
}

/** Prompts for each credential field, checks them with a login, stores them when they work. */
export async function promptAndStoreCredentials(provider: Provider, credentials: SecretCredentials): Promise<boolean> {
  if (!(await ensureBaseUrl(provider))) return false;
  const values: Record<string, string> = {};
  const existing = await credentials.get(provider.id);
  for (const field of provider.credentialFields) {
    const value = await vscode.window.showInputBox({
      title: `${provider.label}: ${field.label}`,
      prompt: `${field.label} for ${provider.label} (kept in VS Code's secret storage)`,
      password: field.secret,
      value: field.secret ? '' : existing?.[field.key] ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : `${field.label} is required.`),
    });
    if (value === undefined) return false;
    values[field.key] = field.secret ? value : value.trim();
  }
  provider.signOut();
  try {
    const about = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Signing in to ${provider.label}…` },
      () => credentials.withPending(provider.id, values, () => provider.checkCredentials()),
    );
    // The check's session was made with exactly these values: it is kept, not made again.
    await credentials.store(provider.id, values, true);
    void vscode.window.showInformationMessage(`Signed in to ${provider.label} (${about}).`);
    return true;
  } catch (err) {
    if (err instanceof NetworkError) {
      const keep = await vscode.window.showWarningMessage(
        `Could not reach ${provider.label} to check the credentials: ${errorMessage(err)}`,
        'Save Anyway',
      );
      if (keep === 'Save Anyway') {
        await credentials.store(provider.id, values);
        return true;
      }
      return false;
    }
    void vscode.window.showErrorMessage(`${provider.label}: ${errorMessage(err)} The credentials were not saved.`);
    return false;
  }
}
