/** Messages between the sandbox pool (main thread) and a sandbox worker (worker.ts). */
import type { ProgrammingCaseKind } from '@xueli/contracts';

/** One grading: everything the worker needs, nothing it does not (no item, no candidate). */
export interface SandboxJob {
  /** JavaScript to run as a script (TypeScript already transpiled). */
  code: string;
  functionName: string;
  tests: { args: unknown[]; expected?: unknown }[];
  tolerance?: number | undefined;
  cpuMs: number;
  memoryMb: number;
  wallMs: number;
  /** QuickJS stack, bytes. */
  stackBytes: number;
  /** Console output kept per case, characters. */
  maxLogChars: number;
  /** Largest return value compared, characters of its encoding (grows with the expected value). */
  minResultChars: number;
  /** Characters of the returned value shown in a result. */
  previewChars: number;
}

/** What the worker reports for a case (the pool adds index, weight and sample). */
export interface CaseOutcome {
  index: number;
  kind: ProgrammingCaseKind;
  ms: number;
  actual?: string;
  message?: string;
  logs: string;
}

export type ToWorker = { type: 'job'; id: number; job: SandboxJob };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'case'; id: number; outcome: CaseOutcome }
  | { type: 'compile-error'; id: number; message: string; line?: number; column?: number }
  | { type: 'done'; id: number; wasmMb: number };
