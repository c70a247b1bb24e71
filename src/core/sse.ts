/**
 * Server-sent events from a byte stream, through `eventsource-parser` (maintained, spec-complete:
 * multi-line data, comments, CR/LF variants, retry fields) rather than a hand-written splitter.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface ServerSentEvent {
  event: string;
  data: string;
  id?: string;
}

export async function* serverSentEvents(body: AsyncIterable<Uint8Array>): AsyncIterable<ServerSentEvent> {
  const queue: ServerSentEvent[] = [];
  const parser = createParser({
    onEvent: (m: EventSourceMessage) => queue.push({ event: m.event ?? 'message', data: m.data, id: m.id }),
  });
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    while (queue.length) yield queue.shift() as ServerSentEvent;
  }
}
