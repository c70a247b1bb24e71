/**
 * Host → alignment viewer, for the custom editor on a local file ("Open With… → Bio Jobs
 * Alignment Viewer"). The file reaches the webview by reference, never as one message: the host
 * streams it in chunks of bytes (transferred, not serialised as text), or — with `uri` — the
 * webview fetches it itself. Each (re)read of the file is one `load`; messages of an older load
 * are ignored. Plain data only; no imports.
 */
export type AlignmentHostMessage =
  | {
      type: 'alignmentOpen';
      load: number;
      title: string;
      fileName: string;
      /** Bytes, for the progress indicator. */
      size: number;
      /** When set, fetch the file from this webview URI instead of waiting for chunks. */
      uri?: string;
      /**
       * When set, fetch the file from this loopback link (src/ui/fileLinks.ts) instead of waiting
       * for chunks; if the fetch cannot start, post `alignmentStreamInstead` (src/shared/protocol.ts) and wait for them.
       */
      url?: string;
      /** 'deflate-raw': each chunk is a whole raw-deflate stream (inflate it before reading). */
      encoding?: 'deflate-raw';
    }
  | { type: 'alignmentChunk'; load: number; data: Uint8Array }
  | { type: 'alignmentEnd'; load: number }
  | { type: 'alignmentAbort'; load: number; message: string };
