/**
 * The custom editor's chunk messages as one ReadableStream of the file's bytes, for the worker.
 * With `deflate-raw` each chunk is a whole raw-deflate stream (the host compressed it for a
 * websocket, see src/ui/alignmentStream.ts): it is inflated with the browser's own
 * DecompressionStream, in order, before it joins the stream.
 */
export interface HostStream {
  readonly load: number;
  readonly stream: ReadableStream<Uint8Array>;
  push(data: Uint8Array): void;
  close(): void;
  error(reason: Error): void;
}

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  // Chunks arrive in ArrayBuffers of their own (transferred), never shared memory.
  const inflated = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}

export function createHostStream(load: number, encoding: 'deflate-raw' | undefined): HostStream {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  let ended = false;
  // Chunks inflate one after another, so they join the stream in the order they came.
  let queue: Promise<void> = Promise.resolve();
  const fail = (reason: Error) => {
    if (ended) return;
    ended = true;
    controller.error(reason);
  };
  const then = (step: () => void | Promise<void>) => {
    queue = queue.then(step).catch((err: unknown) => fail(err instanceof Error ? err : new Error(String(err))));
  };
  return {
    load,
    stream,
    push(data) {
      if (ended) return;
      if (!encoding) controller.enqueue(data);
      else
        then(async () => {
          const bytes = await inflate(data).catch(() => {
            throw new Error('A chunk of the file arrived damaged (it could not be decompressed).');
          });
          if (!ended) controller.enqueue(bytes);
        });
    },
    close() {
      then(() => {
        if (ended) return;
        ended = true;
        controller.close();
      });
    },
    error(reason) {
      fail(reason);
    },
  };
}
