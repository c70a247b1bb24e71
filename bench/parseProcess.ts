/**
 * `node out/bench/parseProcess.js FILE`: the streaming reader's throughput on FILE, next to its
 * baselines, printed as JSON (bench/msa.ts, parseThroughput, runs it). A process of its own that
 * loads nothing but the reader, as the alignment viewer's Web Worker is an isolate of its own.
 * Median of 5, the four measures interleaved so load on the machine falls on all of them alike.
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { AlignmentReader } from '../src/core/alignmentReader';
import { median } from './stats';

const MB = 1024 * 1024;

/** A JS pass that looks at every byte once (a table lookup each): the floor for any parser written in JS. */
function byteScan(bytes: Uint8Array): number {
  const table = new Uint8Array(256);
  for (let c = 65; c <= 90; c++) table[c] = 1;
  let bits = 0;
  for (let i = 0; i < bytes.length; i++) bits |= table[bytes[i]];
  return bits;
}

/** The file read as the worker gets it: 1 MiB chunks, into one reused buffer (page cache warm). */
function streamRead(file: string): void {
  const fd = fs.openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(MB);
  try {
    while (fs.readSync(fd, chunk, 0, MB, null) > 0);
  } finally {
    fs.closeSync(fd);
  }
}

function measure(file: string): { bytes: number; rawReadMs: number; streamReadMs: number; byteScanMs: number; parseMs: number } {
  const reads: number[] = [];
  const streams: number[] = [];
  const scans: number[] = [];
  const parses: number[] = [];
  let bytes = new Uint8Array(0);
  for (let i = 0; i < 5; i++) {
    let t = performance.now();
    const b = fs.readFileSync(file);
    reads.push(performance.now() - t);
    bytes = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    t = performance.now();
    streamRead(file);
    streams.push(performance.now() - t);
    t = performance.now();
    byteScan(bytes);
    scans.push(performance.now() - t);
    t = performance.now();
    // Batches are dropped, as the worker transfers them away.
    const reader = new AlignmentReader({ fileName: file, onBatch: () => undefined });
    for (let at = 0; at < bytes.length; at += MB) reader.push(bytes.subarray(at, at + MB));
    reader.end();
    parses.push(performance.now() - t);
  }
  return { bytes: bytes.length, rawReadMs: median(reads), streamReadMs: median(streams), byteScanMs: median(scans), parseMs: median(parses) };
}

const file = process.argv[2];
if (!file) {
  console.error('usage: node out/bench/parseProcess.js FILE');
  process.exit(2);
}
process.stdout.write(JSON.stringify(measure(file)));
