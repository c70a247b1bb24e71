/** Base-URL checks: credentials go only over https, or plain http to this machine (emulators). */
import { ValidationError } from './errors';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/** Parses and checks a provider base URL; the message names the setting to fix. */
export function checkBaseUrl(raw: string, settingName: string): URL {
  const trimmed = raw.trim();
  if (!trimmed) throw new ValidationError(`No base URL is set. Set "${settingName}" in the user settings.`);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new ValidationError(`"${settingName}" is not a valid URL: ${trimmed}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ValidationError(
      `"${settingName}" must use https (plain http is allowed only for this machine); credentials are never sent over plain http.`,
    );
  }
  if (url.username || url.password) throw new ValidationError(`"${settingName}" must not contain a user name or password.`);
  return url;
}

/** Joins a base URL (which may have a path prefix) and an API path. */
export function joinUrl(base: URL, apiPath: string): string {
  const prefix = base.pathname.replace(/\/+$/, '');
  return `${base.origin}${prefix}${apiPath.startsWith('/') ? apiPath : `/${apiPath}`}`;
}
