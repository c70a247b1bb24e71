/** The "Bio Jobs" log channel as a core Logger; every message is redacted and made safe text (core/log.logLine) before it is written. */
import * as vscode from 'vscode';
import { logLine, type Logger } from '../core/log';

export function createLog(): { channel: vscode.LogOutputChannel; logger: Logger } {
  const channel = vscode.window.createOutputChannel('Bio Jobs', { log: true });
  const logger: Logger = {
    trace: (m) => channel.trace(logLine(m)),
    debug: (m) => channel.debug(logLine(m)),
    info: (m) => channel.info(logLine(m)),
    warn: (m) => channel.warn(logLine(m)),
    error: (m) => channel.error(logLine(m)),
  };
  return { channel, logger };
}
