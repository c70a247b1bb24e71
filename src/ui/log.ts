/** The "Bio Jobs" log channel as a core Logger; every line is redacted before it is written. */
import * as vscode from 'vscode';
import { redact, type Logger } from '../core/log';

export function createLog(): { channel: vscode.LogOutputChannel; logger: Logger } {
  const channel = vscode.window.createOutputChannel('Bio Jobs', { log: true });
  const logger: Logger = {
    trace: (m) => channel.trace(redact(m)),
    debug: (m) => channel.debug(redact(m)),
    info: (m) => channel.info(redact(m)),
    warn: (m) => channel.warn(redact(m)),
    error: (m) => channel.error(redact(m)),
  };
  return { channel, logger };
}
