/**
 * Workspace API keys (https://proteiniq.io/docs/api/authentication): `Authorization: Bearer
 * pq_live_<keyId>_<secret>`, each key bound to one workspace for good and carrying scopes
 * (jobs:read, jobs:write, files:read, files:write; all four by default). A missing, malformed,
 * unknown or revoked key is 401 `unauthorized`; a valid key without the route's scope is 403
 * `forbidden`. Keys are configured, not issued: there is no login.
 */
import { createHash } from 'node:crypto';
import { ControlError, isRecord, type ControlHandler, type Reply } from '../common';
import { apiError } from './errors';

export const SCOPES = ['jobs:read', 'jobs:write', 'files:read', 'files:write'] as const;
export type Scope = (typeof SCOPES)[number];

/** The demo key (README: "demo-password" everywhere): `pq_live_demo_demo-password`. */
export const DEFAULT_API_KEY = 'pq_live_demo_demo-password';
export const DEFAULT_WORKSPACE = 'team_demo';

/** A key's workspace id, or its workspace and scopes. */
export type KeySpec = string | { workspace: string; scopes?: readonly Scope[] };

export interface ApiKey {
  /** The whole secret, as sent. */
  value: string;
  /** `key_<keyId>` from `pq_live_<keyId>_…` (GET /api/v1/account shows it). */
  id: string;
  /** `pq_live_<keyId>`. */
  prefix: string;
  env: 'LIVE' | 'TEST';
  workspace: string;
  scopes: readonly Scope[];
}

export type KeyCheck = { ok: true; key: ApiKey } | { ok: false; reply: Reply };

const KEY_SHAPE = /^pq_(live|test)_([A-Za-z0-9]+)_(.+)$/;

export class ApiKeys {
  private readonly byValue = new Map<string, ApiKey>();
  private revoked = new Set<string>();

  constructor(specs: Readonly<Record<string, KeySpec>>) {
    for (const [value, spec] of Object.entries(specs)) {
      const m = KEY_SHAPE.exec(value);
      // A key of another shape still works (tests may use any string); its id is a hash then.
      const keyId = m ? m[2] : createHash('sha256').update(value).digest('hex').slice(0, 8);
      const workspace = typeof spec === 'string' ? spec : spec.workspace;
      const scopes = typeof spec === 'string' ? SCOPES : (spec.scopes ?? SCOPES);
      this.byValue.set(value, { value, id: `key_${keyId}`, prefix: m ? `pq_${m[1]}_${keyId}` : `${value.slice(0, 6)}…`, env: m?.[1] === 'test' ? 'TEST' : 'LIVE', workspace, scopes });
    }
    if (this.byValue.size === 0) throw new Error('proteiniq emulator: at least one API key is needed');
  }

  /** The workspaces the keys name, in order of first mention. */
  workspaces(): string[] {
    return [...new Set([...this.byValue.values()].map((k) => k.workspace))];
  }

  first(): ApiKey {
    return this.byValue.values().next().value as ApiKey;
  }

  /** Checks `Authorization: Bearer <key>` (the scheme in any case, as HTTP allows) and the scope. */
  authenticate(header: string | undefined, scope: Scope): KeyCheck {
    const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!m) return unauthorized('Missing or malformed API key: send Authorization: Bearer <key>');
    const key = this.byValue.get(m[1]);
    if (!key) return unauthorized('Invalid API key');
    if (this.revoked.has(key.value)) return unauthorized('API key has been revoked');
    if (!key.scopes.includes(scope)) return { ok: false, reply: apiError('forbidden', `API key lacks the ${scope} scope`, { details: { required_scope: scope } }) };
    return { ok: true, key };
  }

  revoke(value: string): void {
    if (!this.byValue.has(value)) throw new ControlError('key: not a configured API key');
    this.revoked.add(value);
  }

  /** Un-revokes every key (POST /__control/reset with state). */
  reset(): void {
    this.revoked = new Set();
  }

  readonly control: Record<string, ControlHandler> = {
    /** body: { "key": string } → { "revoked": true }; later requests with it are 401 */
    'POST revoke-key': (body) => {
      const key = isRecord(body) ? body.key : undefined;
      if (typeof key !== 'string') throw new ControlError('key: expected a string');
      this.revoke(key);
      return { revoked: true };
    },
  };
}

function unauthorized(message: string): KeyCheck {
  return { ok: false, reply: apiError('unauthorized', message, { headers: { 'www-authenticate': 'Bearer' } }) };
}
