/**
 * Messages the alignment viewer accepts: the result panel's (`show`, `error`, checked by the
 * shared parser) and the custom editor's `showAlignment`. Nothing from the host is trusted.
 */
import type { ShowAlignmentMessage } from '../../shared/protocol';
import { parseHostMessage, type ParsedHostMessage } from '../common/messages';

export type ViewerMessage = ParsedHostMessage | ShowAlignmentMessage;

export function parseViewerMessage(data: unknown): ViewerMessage | undefined {
  if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'showAlignment') {
    const { title, fileName, text } = data as Record<string, unknown>;
    if (typeof title !== 'string') return { type: 'invalid', reason: 'title is not a string' };
    if (typeof fileName !== 'string') return { type: 'invalid', reason: 'fileName is not a string' };
    if (typeof text !== 'string') return { type: 'invalid', reason: 'text is not a string' };
    return { type: 'showAlignment', title, fileName, text };
  }
  return parseHostMessage(data);
}
