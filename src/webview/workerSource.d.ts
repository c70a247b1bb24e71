/** A Web Worker's bundle as a string (esbuild.mjs, plugin workerSource). */
declare module 'worker-source:*' {
  const source: string;
  export default source;
}
