/**
 * Grading programming items (issue 4 §1, ADR 0007): the candidate's function runs against the
 * key's test cases in QuickJS compiled to WebAssembly, in a pool of worker threads, with CPU,
 * memory and wall-clock limits and no file, network or process access.
 *
 *   const r = await gradeProgramming(item.answerKey, code);
 *   r.score        // weighted share of passed cases, [0, 1]
 *   r.candidate    // safe to show the candidate: hidden cases are outcomes only
 *   r.author       // everything: arguments, expected and returned values, errors, console output
 *
 * `configureSandbox` sets the number of threads (the composition root, from XUELI_SANDBOX_WORKERS);
 * `shutdownSandbox` terminates them (server shutdown).
 */
import {
  programmingKey,
  type ProgrammingAuthorResult,
  type ProgrammingCandidateResult,
  type ProgrammingKey,
} from '@xueli/contracts';
import { transform } from 'esbuild';
import { conflict } from '../../../lib/errors.ts';
import { defaultWorkers, SandboxPool, type RunOutcome } from './pool.ts';
import type { CaseOutcome, SandboxJob } from './protocol.ts';

/** Longest code accepted (an exam response is at most 50 000 characters). */
export const MAX_CODE_CHARS = 100_000;
/** QuickJS stack per case: recursion ~5 000 calls deep. */
const STACK_BYTES = 1024 * 1024;

export interface GradeOptions {
  /** Console output kept per case, in characters (default 4 000). */
  maxLogChars?: number;
  /** Characters of a returned value shown in the result (default 1 000). */
  previewChars?: number;
  /** Largest return value compared, in characters of its encoding (default 1 000 000; at least
   * twice the expected value's size is always allowed). */
  maxResultChars?: number;
}

export interface ProgrammingResult {
  /** Weighted share of passed cases, in [0, 1]. */
  score: number;
  status: 'graded' | 'compile-error';
  /** What the item's authors may see: everything. */
  author: ProgrammingAuthorResult;
  /** What the candidate may see: sample cases in full, hidden cases as outcomes only. */
  candidate: ProgrammingCandidateResult;
}

let workers = defaultWorkers();
let queueLimit = 200;
let pool: SandboxPool | null = null;

/**
 * Sets the number of sandbox threads (0: the default for this machine) and the queue bound. The
 * queue bound applies at once; the thread count from the next start of the threads (the
 * composition root calls this before any grading; after `shutdownSandbox` it applies too).
 */
export function configureSandbox(opts: { workers?: number; queueLimit?: number }): void {
  if (opts.workers !== undefined) workers = opts.workers > 0 ? Math.floor(opts.workers) : defaultWorkers();
  if (opts.queueLimit !== undefined) {
    queueLimit = Math.max(1, Math.floor(opts.queueLimit));
    if (pool) pool.queueLimit = queueLimit;
  }
}

/** Terminates the sandbox threads; a later grading starts new ones. */
export async function shutdownSandbox(): Promise<void> {
  const p = pool;
  pool = null;
  if (p) await p.shutdown();
}

const getPool = () => (pool ??= new SandboxPool(workers, queueLimit));

type CompileError = { message: string; line?: number; column?: number };

/** TypeScript to JavaScript (types are removed, not checked). */
async function transpile(code: string): Promise<{ code: string } | { error: CompileError }> {
  try {
    const out = await transform(code, {
      loader: 'ts',
      target: 'es2022',
      sourcefile: 'solution.ts',
      logLevel: 'silent',
    });
    return { code: out.code };
  } catch (e) {
    const first = (e as { errors?: { text: string; location?: { line: number; column: number } | null }[] })
      .errors?.[0];
    if (!first) throw e;
    const loc = first.location;
    return { error: { message: `SyntaxError: ${first.text}`, ...(loc && { line: loc.line, column: loc.column + 1 }) } };
  }
}

function parseKey(key: unknown): ProgrammingKey {
  const parsed = programmingKey.safeParse(key);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `answerKey${i.path.map((p) => `.${String(p)}`).join('')}: ${i.message}`,
    );
    throw conflict(`The programming item's key is not valid: ${problems.join('; ')}`, { problems });
  }
  return parsed.data;
}

/** Runs the key's test cases on the candidate's code. */
export async function gradeProgramming(
  key: ProgrammingKey | Record<string, unknown>,
  code: string,
  opts: GradeOptions = {},
): Promise<ProgrammingResult> {
  const k = parseKey(key);
  const started = performance.now();
  let js = code;
  let compileError: CompileError | undefined;
  if (code.length > MAX_CODE_CHARS) compileError = { message: `The code is longer than ${MAX_CODE_CHARS} characters` };
  else if (k.language === 'ts') {
    const t = await transpile(code);
    if ('error' in t) compileError = t.error;
    else js = t.code;
  }
  let run: RunOutcome | undefined;
  if (!compileError) {
    const job: SandboxJob = {
      code: js,
      functionName: k.functionName,
      tests: k.tests.map((t) => ({ args: t.args, expected: t.expected })),
      tolerance: k.tolerance,
      cpuMs: k.limits.cpuMs,
      memoryMb: k.limits.memoryMb,
      wallMs: k.limits.wallMs,
      stackBytes: STACK_BYTES,
      maxLogChars: opts.maxLogChars ?? 4000,
      minResultChars: opts.maxResultChars ?? 1_000_000,
      previewChars: opts.previewChars ?? 1000,
    };
    run = await getPool().run(job);
    compileError = run.compileError;
  }
  return assemble(k, run, compileError, performance.now() - started);
}

function missingCase(index: number, run: RunOutcome, wallMs: number): CaseOutcome {
  if (run.ended === 'killed') {
    return {
      index,
      kind: 'wall-timeout',
      ms: 0,
      logs: '',
      message: `stopped: the grading ran past its wall-clock limit of ${wallMs} ms and the sandbox was terminated`,
    };
  }
  return {
    index,
    kind: 'internal-error',
    ms: 0,
    logs: '',
    message: `the sandbox failed: ${run.message ?? 'no result'}`,
  };
}

function assemble(
  k: ProgrammingKey,
  run: RunOutcome | undefined,
  compileError: CompileError | undefined,
  ms: number,
): ProgrammingResult {
  const common = {
    language: k.language,
    totalCases: k.tests.length,
    ms: Math.round(ms),
  };
  if (compileError || !run) {
    const base = {
      ...common,
      status: 'compile-error' as const,
      score: 0,
      passedCases: 0,
      ...(compileError && { compileError }),
    };
    return { score: 0, status: 'compile-error', author: { ...base, cases: [] }, candidate: { ...base, cases: [] } };
  }
  let earned = 0;
  let total = 0;
  let passedCases = 0;
  const authorCases: ProgrammingAuthorResult['cases'] = [];
  const candidateCases: ProgrammingCandidateResult['cases'] = [];
  k.tests.forEach((t, index) => {
    const o = run.cases.get(index) ?? missingCase(index, run, k.limits.wallMs);
    const weight = t.weight ?? 1;
    const passed = o.kind === 'passed';
    total += weight;
    if (passed) {
      earned += weight;
      passedCases++;
    }
    const head = { index, sample: t.sample === true, weight, passed, kind: o.kind, ms: o.ms };
    const detail = {
      args: t.args,
      expected: t.expected,
      ...(o.actual !== undefined && { actual: o.actual }),
      ...(o.message !== undefined && { message: o.message }),
      logs: o.logs,
    };
    authorCases.push({ ...head, ...detail });
    // Hidden cases: the outcome only. Arguments, expected value, output and error text stay
    // here — the candidate's code could print or throw its arguments.
    candidateCases.push(t.sample ? { ...head, ...detail } : head);
  });
  const score = total > 0 ? earned / total : 0;
  const base = { ...common, status: 'graded' as const, score, passedCases };
  return {
    score,
    status: 'graded',
    author: { ...base, cases: authorCases },
    candidate: { ...base, cases: candidateCases },
  };
}

/**
 * The exam service's programming grader (exams/grading.ts `ProgrammingGrader`): the score and,
 * as the response's detail, the candidate-safe view.
 */
export async function programmingGrader(
  key: Record<string, unknown>,
  code: string,
): Promise<{ score: number; detail: unknown }> {
  const r = await gradeProgramming(key, code);
  return { score: r.score, detail: r.candidate };
}

/** A short text of a result for logs and comments: "3/4 cases passed (score 0.75)". */
export function summarize(r: ProgrammingResult): string {
  if (r.status === 'compile-error') return `did not compile: ${r.author.compileError?.message ?? ''}`;
  return `${r.author.passedCases}/${r.author.totalCases} cases passed (score ${Math.round(r.score * 1000) / 1000})`;
}
