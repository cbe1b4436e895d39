/**
 * A worker thread running one of our TypeScript modules. Node 20 does not pass tsx's loader on to
 * worker threads, so the worker registers it first and then imports the module (`import.meta.url`
 * of the caller's module, which recognises itself as the worker through `workerData`).
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function typescriptWorker(moduleUrl: string, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(moduleUrl)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
