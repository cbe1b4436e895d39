/**
 * A sandbox worker thread (ADR 0007): runs candidate code in QuickJS compiled to WebAssembly.
 * The guest has no file system, network, process, timers or module loader — only the language
 * and a `console` that reports here. Each grading gets a fresh WebAssembly instance whose memory
 * cannot grow past the item's limit; each test case gets a fresh QuickJS runtime and context
 * (no state carries from one case to the next) with a deadline checked by QuickJS's interrupt
 * handler. The main thread terminates this thread if a grading overruns its wall-clock limit.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import {
  newQuickJSWASMModule,
  newVariant,
  RELEASE_SYNC,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSWASMModule,
} from 'quickjs-emscripten';
import { compareValue, preview, type Encoded } from './compare.ts';
import { PRELUDE } from './prelude.ts';
import type { CaseOutcome, FromWorker, SandboxJob, ToWorker } from './protocol.ts';

const MB = 1024 * 1024;
/** What the WebAssembly instance needs besides the guest's heap: its data, the 5 MB C stack and
 * QuickJS's own runtime; the instance's memory may grow to this plus the item's memoryMb. */
const BASE_MB = 16;
const PAGE = 65536;

const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);

/** The WebAssembly API (the server's TypeScript lib has no DOM types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
const Wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Memory: new (d: { initial: number; maximum: number }) => WasmMemory;
      compile(bytes: Uint8Array): Promise<unknown>;
    };
  }
).WebAssembly;

const requireHere = createRequire(import.meta.url);
const wasmPath = createRequire(requireHere.resolve('quickjs-emscripten')).resolve(
  '@jitl/quickjs-wasmfile-release-sync/wasm',
);
type VariantOptions = NonNullable<Parameters<typeof newVariant>[1]>;
const compiled = (await Wasm.compile(fs.readFileSync(wasmPath))) as VariantOptions['wasmModule'];

interface Instance {
  mod: QuickJSWASMModule;
  memory: WasmMemory;
  /** Whether the last attempt to grow the memory failed (at its maximum: the guest is out of memory). */
  growFailed: boolean;
}

/** A fresh QuickJS instance whose memory cannot grow past `memoryMb` (plus the base). */
async function newInstance(memoryMb: number): Promise<Instance> {
  const memory = new Wasm.Memory({
    initial: (BASE_MB * MB) / PAGE,
    maximum: Math.ceil(((BASE_MB + memoryMb) * MB) / PAGE),
  });
  const mod = await newQuickJSWASMModule(
    newVariant(RELEASE_SYNC, {
      wasmModule: compiled,
      wasmMemory: memory as never /* WebAssembly.Memory: no DOM types here */,
    }),
  );
  const instance: Instance = { mod, memory, growFailed: false };
  // Emscripten's heap grows through memory.grow() and turns a refusal into malloc() returning
  // NULL, which QuickJS reports as "out of memory" (or, out of memory even for the error, as a
  // thrown null). Recording the refusal tells the two apart from the guest's own exceptions.
  const grow = memory.grow.bind(memory);
  Object.defineProperty(memory, 'grow', {
    value: (pages: number) => {
      try {
        const r = grow(pages);
        instance.growFailed = false;
        return r;
      } catch (e) {
        instance.growFailed = true;
        throw e;
      }
    },
  });
  return instance;
}

/** A failure of the host side (not the guest's exception): the instance may be broken. */
class HostFault extends Error {}

interface ErrorInfo {
  name: string;
  message: string;
  stack: string;
}

function hint(message: string): string {
  return /\b(import|export)\b/.test(message)
    ? `${message} (write the function at the top level of a script: import and export are not available)`
    : message;
}

/** Checks that the code parses, without running it. */
function compileCheck(
  mod: QuickJSWASMModule,
  code: string,
): { message: string; line?: number; column?: number } | null {
  const rt = mod.newRuntime();
  const deadline = performance.now() + 5000;
  rt.setInterruptHandler(() => performance.now() > deadline);
  const ctx = rt.newContext();
  try {
    const r = ctx.evalCode(code, 'solution.js', { compileOnly: true });
    if (!r.error) {
      r.value.dispose();
      return null;
    }
    const e = ctx.dump(r.error) as { name?: string; message?: string; stack?: string } | string;
    r.error.dispose();
    if (typeof e !== 'object' || e === null) return { message: String(e) };
    const at = /solution\.js:(\d+):(\d+)/.exec(e.stack ?? '');
    const message = hint(`${e.name ?? 'SyntaxError'}: ${e.message ?? ''}`);
    return at ? { message, line: Number(at[1]), column: Number(at[2]) } : { message };
  } finally {
    ctx.dispose();
    rt.dispose();
  }
}

/**
 * Runs one test case in a fresh runtime and context of `mod`. Throws HostFault when the host
 * side failed (the instance is then replaced).
 */
function runCase(instance: Instance, job: SandboxJob, index: number, wallDeadline: number): CaseOutcome {
  const test = job.tests[index]!;
  const started = performance.now();
  const deadline = Math.min(started + job.cpuMs, wallDeadline);
  const wallBound = deadline === wallDeadline;
  let logs = '';
  let logCut = false;
  const outcome = (o: Omit<CaseOutcome, 'index' | 'ms' | 'logs'>): CaseOutcome => ({
    index,
    ms: Math.round((performance.now() - started) * 100) / 100,
    logs: logCut ? `${logs}… (output truncated)` : logs,
    ...o,
  });

  instance.growFailed = false;
  const rt = instance.mod.newRuntime();
  let ctx: QuickJSContext | undefined;
  const owned: QuickJSHandle[] = [];
  const own = (h: QuickJSHandle) => (owned.push(h), h);
  try {
    rt.setMemoryLimit(job.memoryMb * MB);
    rt.setMaxStackSize(job.stackBytes);
    rt.setInterruptHandler(() => performance.now() > deadline);
    ctx = rt.newContext();
    const c = ctx;

    const hostLog = own(
      c.newFunction('log', (line) => {
        if (logCut) return;
        const s = c.typeof(line) === 'string' ? c.getString(line) : '';
        const room = job.maxLogChars - logs.length;
        if (s.length + 1 > room) {
          logs += s.slice(0, Math.max(0, room));
          logCut = true;
        } else logs += `${s}\n`;
      }),
    );
    const preludeFn = c.evalCode(PRELUDE, 'prelude.js');
    if (preludeFn.error) {
      preludeFn.error.dispose();
      throw new HostFault('the sandbox prelude failed');
    }
    own(preludeFn.value);
    const toolsR = c.callFunction(preludeFn.value, c.undefined, hostLog, own(c.newNumber(job.maxLogChars)));
    if (toolsR.error) {
      toolsR.error.dispose();
      throw new HostFault('the sandbox prelude failed');
    }
    const tools = own(toolsR.value);
    const run = own(c.getProp(tools, 'run'));
    const encode = own(c.getProp(tools, 'encode'));
    const describeError = own(c.getProp(tools, 'describeError'));

    /** What went wrong, from a thrown guest value. */
    const failure = (err: QuickJSHandle, phase: string): CaseOutcome => {
      own(err);
      if (performance.now() > deadline) {
        return outcome(
          wallBound
            ? { kind: 'wall-timeout', message: `stopped: the grading's wall-clock limit of ${job.wallMs} ms ran out` }
            : { kind: 'timeout', message: `stopped after the CPU limit of ${job.cpuMs} ms` },
        );
      }
      if (instance.growFailed)
        return outcome({ kind: 'memory-limit', message: `ran out of memory (limit ${job.memoryMb} MB)` });
      let info: ErrorInfo = { name: '', message: 'an exception', stack: '' };
      const d = c.callFunction(describeError, c.undefined, err);
      if (d.error) d.error.dispose();
      else {
        const h = own(d.value);
        if (c.typeof(h) === 'string') info = JSON.parse(c.getString(h)) as ErrorInfo;
      }
      if (info.name === 'InternalError' && info.message === 'out of memory') {
        return outcome({ kind: 'memory-limit', message: `ran out of memory (limit ${job.memoryMb} MB)` });
      }
      // (the parser reports its own as a SyntaxError)
      if ((info.name === 'InternalError' || info.name === 'SyntaxError') && info.message === 'stack overflow') {
        return outcome({ kind: 'stack-overflow', message: 'stack overflow: the recursion is too deep' });
      }
      const text = info.name ? `${info.name}: ${info.message}` : `uncaught ${info.message}`;
      // The guest's stack, without the sandbox's own frames.
      const frames = info.stack
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.includes('prelude.js') && l !== 'at apply (native)');
      const where = frames.length ? `\n${frames.slice(0, 5).join('\n')}` : '';
      return outcome({ kind: 'exception', message: `${phase}${text}${where}` });
    };

    const loaded = c.evalCode(job.code, 'solution.js');
    if (loaded.error) return failure(loaded.error, 'while loading the code: ');
    own(loaded.value);

    const fnR = c.evalCode(job.functionName, 'lookup.js');
    if (fnR.error) {
      own(fnR.error);
      if (performance.now() > deadline) return failure(fnR.error, '');
      return outcome({
        kind: 'missing-function',
        message: `the code does not define a function named ${job.functionName}`,
      });
    }
    const fn = own(fnR.value);
    if (c.typeof(fn) !== 'function') {
      return outcome({
        kind: 'missing-function',
        message: `${job.functionName} is ${c.typeof(fn) === 'undefined' ? 'undefined' : `a ${c.typeof(fn)}`}, not a function`,
      });
    }

    const argsJson = own(c.newString(JSON.stringify(test.args)));
    const called = c.callFunction(run, c.undefined, fn, argsJson);
    if (called.error) return failure(called.error, '');
    let value = own(called.value);

    // An async function: run the guest's pending jobs (there are no timers, so nothing else can settle it).
    let state = c.getPromiseState(value);
    if (state.type === 'pending') {
      const jobs = rt.executePendingJobs();
      if (jobs.error) own(jobs.error);
      state = c.getPromiseState(value);
    }
    if (state.type === 'pending')
      return outcome({
        kind: 'exception',
        message: 'the returned promise never settled (there are no timers or I/O in the sandbox)',
      });
    if (state.type === 'rejected') return failure(state.error, 'the returned promise was rejected: ');
    if (!state.notAPromise) value = own(state.value);

    const budget = Math.max(job.minResultChars, 2 * (JSON.stringify(test.expected ?? null)?.length ?? 0) + 1000);
    const encR = c.callFunction(encode, c.undefined, value, own(c.newNumber(budget)));
    if (encR.error) return failure(encR.error, 'while reading the returned value: ');
    const encH = own(encR.value);
    const encoded = JSON.parse(c.getString(encH)) as Encoded;
    const actual = preview(encoded, job.previewChars);
    if (typeof encoded === 'object' && encoded !== null && 'big' in encoded) {
      return outcome({
        kind: 'output-limit',
        actual,
        message: `the returned value is larger than the output limit (${budget} characters) and was not compared`,
      });
    }
    const cmp = compareValue(encoded, test.expected, job.tolerance);
    return cmp.equal
      ? outcome({ kind: 'passed', actual })
      : outcome({ kind: 'wrong-answer', actual, ...(cmp.reason !== undefined && { message: cmp.reason }) });
  } catch (e) {
    if (e instanceof HostFault) throw e;
    // A V8 stack overflow inside the WebAssembly code, or a broken instance.
    const stack = e instanceof RangeError && /call stack/i.test(e.message);
    throw new HostFault(stack ? 'stack overflow' : `sandbox failure: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    for (const h of owned.reverse()) {
      try {
        if (h.alive) h.dispose();
      } catch {
        // the instance is being dropped anyway
      }
    }
    try {
      ctx?.dispose();
      rt.dispose();
    } catch {
      // idem
    }
  }
}

async function runJob(id: number, job: SandboxJob): Promise<void> {
  const wallDeadline = performance.now() + job.wallMs;
  let instance = await newInstance(job.memoryMb);
  const compileError = compileCheck(instance.mod, job.code);
  if (compileError) {
    post({ type: 'compile-error', id, ...compileError });
    post({ type: 'done', id, wasmMb: instance.memory.buffer.byteLength / MB });
    return;
  }
  for (let index = 0; index < job.tests.length; index++) {
    if (performance.now() >= wallDeadline) {
      post({
        type: 'case',
        id,
        outcome: {
          index,
          kind: 'wall-timeout',
          ms: 0,
          logs: '',
          message: `not run: the grading's wall-clock limit of ${job.wallMs} ms ran out`,
        },
      });
      continue;
    }
    const started = performance.now();
    let outcome: CaseOutcome;
    try {
      outcome = runCase(instance, job, index, wallDeadline);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const ms = Math.round((performance.now() - started) * 100) / 100;
      outcome =
        message === 'stack overflow'
          ? { index, kind: 'stack-overflow', ms, logs: '', message: 'stack overflow: the recursion is too deep' }
          : { index, kind: 'internal-error', ms, logs: '', message };
      instance = await newInstance(job.memoryMb);
    }
    post({ type: 'case', id, outcome });
  }
  post({ type: 'done', id, wasmMb: instance.memory.buffer.byteLength / MB });
}

port.on('message', (m: ToWorker) => {
  if (m.type !== 'job') return;
  runJob(m.id, m.job).catch((e: unknown) => {
    // Unexpected: let the pool see a crash (it reports the remaining cases and replaces the thread).
    setImmediate(() => {
      throw e;
    });
  });
});
// Warm-up: V8 compiles WebAssembly functions lazily, so the first run is slow; pay for it here,
// before the thread reports ready, rather than in a candidate's first test case.
try {
  const warm = await newInstance(8);
  const code =
    'function f(a) { const o = { a: [a, String(a), a * 1.5, null, true] }; console.log(JSON.stringify(o)); return o; }';
  const job: SandboxJob = {
    code,
    functionName: 'f',
    tests: [{ args: [1], expected: { a: [1, '1', 1.5, null, true] } }],
    cpuMs: 2000,
    memoryMb: 8,
    wallMs: 2000,
    stackBytes: 1 << 20,
    maxLogChars: 100,
    minResultChars: 1000,
    previewChars: 100,
  };
  compileCheck(warm.mod, code);
  for (let i = 0; i < 3; i++) runCase(warm, job, 0, performance.now() + 2000);
} catch {
  // A real grading will report the problem.
}
post({ type: 'ready' });
