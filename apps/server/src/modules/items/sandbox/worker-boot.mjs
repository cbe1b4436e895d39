// Entry of a sandbox worker thread when the server runs as TypeScript (tsx, Vitest): loader
// hooks registered in the main thread do not reach worker threads, so this thread registers
// tsx itself before loading worker.ts (ADR 0001, ADR 0007).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
