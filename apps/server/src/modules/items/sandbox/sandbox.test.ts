/**
 * The programming sandbox end to end (ADR 0007): real worker threads running QuickJS in
 * WebAssembly, real limits. Each test grades code the way the exam service does.
 */
import type { ProgrammingKey } from '@xueli/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../lib/errors.ts';
import { configureSandbox, gradeProgramming, shutdownSandbox } from './grade.ts';
import { WALL_MARGIN_MS } from './pool.ts';

afterAll(() => shutdownSandbox());

type Test = ProgrammingKey['tests'][number];
const key = (functionName: string, tests: Test[], extra: Partial<ProgrammingKey> = {}): ProgrammingKey => ({
  language: 'js',
  functionName,
  tests,
  limits: { cpuMs: 1000, memoryMb: 64, wallMs: 5000 },
  ...extra,
});
const kinds = (r: Awaited<ReturnType<typeof gradeProgramming>>) => r.author.cases.map((c) => c.kind);

/** Counts event-loop turns while `work` runs: the main thread must stay free. */
async function loopTurnsDuring<T>(
  work: Promise<T>,
): Promise<{ value: T; turns: number; ms: number; worstGapMs: number }> {
  let turns = 0;
  let last = performance.now();
  let worstGapMs = 0;
  const started = last;
  const timer = setInterval(() => {
    const now = performance.now();
    worstGapMs = Math.max(worstGapMs, now - last);
    last = now;
    turns++;
  }, 10);
  try {
    const value = await work;
    return { value, turns, ms: performance.now() - started, worstGapMs };
  } finally {
    clearInterval(timer);
  }
}

const addTests: Test[] = [
  { args: [1, 2], expected: 3 },
  { args: [-5, 5], expected: 0, sample: true },
  { args: [0.5, 0.25], expected: 0.75 },
  { args: [1e9, 1e9], expected: 2e9, weight: 2 },
];

describe('scoring', () => {
  it('gives a correct solution 1', async () => {
    const r = await gradeProgramming(key('add', addTests), 'function add(a, b) {\n  return a + b;\n}');
    expect(r.status).toBe('graded');
    expect(r.score).toBe(1);
    expect(kinds(r)).toEqual(['passed', 'passed', 'passed', 'passed']);
    expect(r.author.passedCases).toBe(4);
  });

  it('gives a wrong solution the weighted share of the cases it passes, with the difference for authors', async () => {
    // Fails only the negative case (weight 1) and the large one (weight 2) → 2 of 5.
    const r = await gradeProgramming(key('add', addTests), 'const add = (a, b) => (a < 0 ? 1 : a > 1e6 ? -1 : a + b);');
    expect(kinds(r)).toEqual(['passed', 'wrong-answer', 'passed', 'wrong-answer']);
    expect(r.score).toBeCloseTo(2 / 5, 10);
    expect(r.author.cases[1]).toMatchObject({ actual: '1', message: 'expected 0, got 1', expected: 0, args: [-5, 5] });
  });

  it('compares structures by value, with the tolerance only when the key has one', async () => {
    const tests: Test[] = [{ args: [], expected: { ratio: 0.3, tags: ['a', 'b'], nested: { ok: true } } }];
    const code =
      'function f() { return { nested: { ok: true }, tags: ["a", "b"], ratio: 0.1 + 0.2, skipped: undefined }; }';
    expect((await gradeProgramming(key('f', tests), code)).score).toBe(0);
    expect((await gradeProgramming(key('f', tests, { tolerance: 1e-9 }), code)).score).toBe(1);
    const nullish = await gradeProgramming(key('f', [{ args: [], expected: null }]), 'function f() {}');
    expect(nullish.author.cases[0]).toMatchObject({ kind: 'wrong-answer', actual: 'undefined' });
  });

  it('runs async functions to the end, and reports a promise that never settles', async () => {
    const ok = await gradeProgramming(
      key('f', [{ args: [2], expected: 4 }]),
      'async function f(x) { await null; return x * 2; }',
    );
    expect(ok.score).toBe(1);
    const never = await gradeProgramming(
      key('f', [{ args: [2], expected: 4 }]),
      'function f(x) { return new Promise(() => {}); }',
    );
    expect(never.author.cases[0]!.kind).toBe('exception');
    expect(never.author.cases[0]!.message).toMatch(/never settled/);
  });

  it('reports a missing function and exceptions with their message', async () => {
    const missing = await gradeProgramming(key('add', addTests.slice(0, 1)), 'function plus(a, b) { return a + b; }');
    expect(missing.author.cases[0]).toMatchObject({
      kind: 'missing-function',
      message: 'the code does not define a function named add',
    });
    const notFn = await gradeProgramming(key('add', addTests.slice(0, 1)), 'var add = 3;');
    expect(notFn.author.cases[0]!.message).toBe('add is a number, not a function');
    const thrown = await gradeProgramming(
      key('add', addTests.slice(0, 1)),
      'function add() { throw new RangeError("no " + "way"); }',
    );
    expect(thrown.author.cases[0]!.kind).toBe('exception');
    expect(thrown.author.cases[0]!.message).toMatch(/^RangeError: no way\n.*add/);
  });

  it('rejects a key that is not a valid programming key', async () => {
    await expect(gradeProgramming({ language: 'py', functionName: 'f', tests: [] }, 'x')).rejects.toBeInstanceOf(
      DomainError,
    );
  });
});

describe('limits', () => {
  it('stops an infinite loop at the CPU limit while the event loop stays free, and runs the other cases', async () => {
    const tests: Test[] = [
      { args: [1], expected: 1 },
      { args: [2], expected: 2 },
      { args: [3], expected: 3 },
    ];
    const code = 'function f(x) { if (x === 2) { while (true) {} } return x; }';
    const {
      value: r,
      turns,
      ms,
      worstGapMs,
    } = await loopTurnsDuring(
      gradeProgramming(key('f', tests, { limits: { cpuMs: 300, memoryMb: 64, wallMs: 5000 } }), code),
    );
    expect(kinds(r)).toEqual(['passed', 'timeout', 'passed']);
    const looped = r.author.cases[1]!;
    expect(looped.ms).toBeGreaterThanOrEqual(300);
    expect(looped.ms).toBeLessThan(300 + 400);
    expect(r.score).toBeCloseTo(2 / 3, 10);
    // The main thread kept turning: ~every 10 ms, never blocked for long.
    expect(turns).toBeGreaterThan(ms / 10 / 3);
    expect(worstGapMs).toBeLessThan(250);
    // And the next grading runs normally.
    expect((await gradeProgramming(key('add', addTests), 'function add(a, b) { return a + b; }')).score).toBe(1);
  });

  it('uses the wall-clock limit for the whole grading: cases after it are not run', async () => {
    const tests: Test[] = Array.from({ length: 4 }, (_, i) => ({ args: [i], expected: i }));
    const r = await gradeProgramming(
      key('f', tests, { limits: { cpuMs: 400, memoryMb: 64, wallMs: 1000 } }),
      'function f(x) { while (true) {} }',
    );
    expect(kinds(r)).toEqual(['timeout', 'timeout', 'wall-timeout', 'wall-timeout']);
    expect(r.author.ms).toBeLessThan(1000 + WALL_MARGIN_MS);
  });

  it('terminates the thread when the guest is stuck where the interrupt cannot reach it, and recovers', async () => {
    // JSON.stringify of a very deep array runs for seconds inside QuickJS's C code, which never
    // checks the interrupt handler: only terminating the worker stops it.
    const code = 'function f() { let a = []; for (let i = 0; i < 1e5; i++) a = [a]; return JSON.stringify(a).length; }';
    const started = performance.now();
    const { value: r, worstGapMs } = await loopTurnsDuring(
      gradeProgramming(
        key(
          'f',
          [
            { args: [], expected: 0 },
            { args: [], expected: 0 },
          ],
          { limits: { cpuMs: 10000, memoryMb: 64, wallMs: 1000 } },
        ),
        code,
      ),
    );
    const elapsed = performance.now() - started;
    expect(kinds(r)).toEqual(['wall-timeout', 'wall-timeout']);
    expect(r.author.cases[0]!.message).toMatch(/sandbox was terminated/);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(1000 + WALL_MARGIN_MS + 1000);
    expect(worstGapMs).toBeLessThan(250);
    expect((await gradeProgramming(key('add', addTests), 'function add(a, b) { return a + b; }')).score).toBe(1);
  });

  it('stops memory bombs at the memory limit, then runs the next case normally', async () => {
    const tests: Test[] = [
      { args: ['arrays'], expected: 0 },
      { args: ['strings'], expected: 0 },
      { args: ['buffers'], expected: 0 },
      { args: ['ok'], expected: 'ok' },
    ];
    const code = `function f(kind) {
      const keep = [];
      for (let i = 0; kind !== 'ok'; i++) {
        if (kind === 'arrays') keep.push(new Array(10000).fill(i));
        if (kind === 'strings') keep.push('x'.repeat(100000) + i);
        if (kind === 'buffers') keep.push(new Uint8Array(1 << 20));
      }
      return kind;
    }`;
    const r = await gradeProgramming(key('f', tests, { limits: { cpuMs: 8000, memoryMb: 16, wallMs: 20000 } }), code);
    expect(kinds(r)).toEqual(['memory-limit', 'memory-limit', 'memory-limit', 'passed']);
    expect(r.author.cases[0]!.message).toBe('ran out of memory (limit 16 MB)');
    for (const c of r.author.cases.slice(0, 3)) expect(c.ms).toBeLessThan(8000);
  });

  it('stops a recursion bomb (also in the parser) with a stack overflow, but allows ordinary recursion', async () => {
    const code = `function f(kind) {
      if (kind === 'deep') { const down = (n) => down(n + 1) + 1; return down(0); }
      if (kind === 'parser') return eval('['.repeat(100000) + ']'.repeat(100000));
      const sum = (n) => (n === 0 ? 0 : n + sum(n - 1));
      return sum(2000);
    }`;
    const tests: Test[] = [
      { args: ['deep'], expected: 0 },
      { args: ['parser'], expected: 0 },
      { args: ['ok'], expected: 2001000 },
    ];
    const r = await gradeProgramming(key('f', tests), code);
    expect(kinds(r)).toEqual(['stack-overflow', 'stack-overflow', 'passed']);
  });

  it('does not compare a huge return value and truncates it in the result', async () => {
    const r = await gradeProgramming(
      key('f', [{ args: [], expected: 'x' }]),
      'function f() { return "x".repeat(20000000); }',
    );
    const c = r.author.cases[0]!;
    expect(c.kind).toBe('output-limit');
    expect(c.actual!.length).toBeLessThan(300);
    expect(c.actual).toMatch(/^a string of 20000000 characters: "xxx/);
  });

  it('keeps a bounded amount of console output per case', async () => {
    const r = await gradeProgramming(
      key('f', [{ args: [], expected: 1 }]),
      'function f() { for (let i = 0; i < 100000; i++) console.log("line", i, { i }); return 1; }',
    );
    const logs = r.author.cases[0]!.logs;
    expect(logs.startsWith('line 0 {"i":0}\nline 1 {"i":1}\n')).toBe(true);
    expect(logs.length).toBeLessThanOrEqual(4000 + 30);
    expect(logs.endsWith('… (output truncated)')).toBe(true);
  });

  it('queues gradings beyond the threads, and refuses past the queue bound', async () => {
    const solo = (n: number) => gradeProgramming(key('f', [{ args: [n], expected: n }]), 'function f(x) { return x; }');
    const all = await Promise.all([1, 2, 3, 4, 5].map(solo));
    expect(all.map((r) => r.score)).toEqual([1, 1, 1, 1, 1]);
    configureSandbox({ queueLimit: 1 });
    try {
      const settled = await Promise.allSettled([1, 2, 3, 4].map(solo));
      const refused = settled.filter((s) => s.status === 'rejected');
      expect(refused.length).toBeGreaterThan(0);
      expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'rate-limited' });
    } finally {
      configureSandbox({ queueLimit: 200 });
    }
  });
});

/** The ECMAScript built-ins QuickJS provides; the guest's global object holds nothing else. */
const ES_GLOBALS = new Set(
  'AggregateError Array ArrayBuffer BigInt BigInt64Array BigUint64Array Boolean DataView Date Error EvalError FinalizationRegistry Float16Array Float32Array Float64Array Function Infinity Int16Array Int32Array Int8Array InternalError Iterator JSON Map Math NaN Number Object Promise Proxy RangeError ReferenceError Reflect RegExp Set SharedArrayBuffer String Symbol SyntaxError TypeError URIError Uint16Array Uint32Array Uint8Array Uint8ClampedArray WeakMap WeakRef WeakSet console decodeURI decodeURIComponent encodeURI encodeURIComponent escape eval globalThis isFinite isNaN parseFloat parseInt undefined unescape'.split(
    ' ',
  ),
);

describe('isolation', () => {
  it('gives the guest no module loader, process, file system, network or timers', async () => {
    const code = `function probe(what) {
      switch (what) {
        case 'require': return require('fs').readFileSync('/etc/passwd', 'utf8');
        case 'process': return process.env;
        case 'import': return import('fs').then((fs) => fs.readFileSync('/etc/passwd', 'utf8'));
        case 'import-os': return import('os').then((os) => os.open('/etc/passwd', 0));
        case 'fetch': return fetch('http://127.0.0.1:9/');
        case 'xhr': return new globalThis.XMLHttpRequest();
        case 'quickjs-std': return std.loadFile('/etc/passwd');
        case 'quickjs-os': return os.open('/etc/passwd', 0);
        case 'socket': return new WebSocket('ws://127.0.0.1:9/');
        case 'timer': return setTimeout(() => 1, 0);
        case 'escape': return Function('return this')().process.mainModule;
      }
    }`;
    const probes = [
      'require',
      'process',
      'import',
      'import-os',
      'fetch',
      'xhr',
      'quickjs-std',
      'quickjs-os',
      'socket',
      'timer',
      'escape',
    ];
    const r = await gradeProgramming(
      key(
        'probe',
        probes.map((p) => ({ args: [p], expected: 'unreachable' })),
      ),
      code,
    );
    for (const c of r.author.cases) {
      expect(c.kind, String(c.args[0])).toBe('exception');
      expect(c.message, String(c.args[0])).toMatch(
        /ReferenceError: '\w+' is not defined|could not load module|TypeError: (not a function|cannot read property)/,
      );
    }
    const globals = await gradeProgramming(
      key('names', [{ args: [], expected: [] }]),
      'function names() { return Object.getOwnPropertyNames(globalThis).filter((n) => n !== "names"); }',
    );
    const names = JSON.parse(globals.author.cases[0]!.actual!) as string[];
    expect(names.filter((n) => !ES_GLOBALS.has(n))).toEqual([]);
    expect(names).toContain('console');
  });

  it('runs every case in a fresh context: globals and prototype changes do not carry over', async () => {
    const code = `let calls = 0;
      function f() {
        const seen = [typeof globalThis.leak, typeof Object.prototype.polluted, calls];
        globalThis.leak = 1; Object.prototype.polluted = 1; Array.prototype.push = null; calls++;
        return seen;
      }`;
    const r = await gradeProgramming(
      key('f', [
        { args: [], expected: ['undefined', 'undefined', 0] },
        { args: [], expected: ['undefined', 'undefined', 0] },
        { args: [], expected: ['undefined', 'undefined', 0] },
      ]),
      code,
    );
    expect(kinds(r)).toEqual(['passed', 'passed', 'passed']);
  });
});

describe('compiling', () => {
  it('compiles TypeScript with types (types are removed, not checked)', async () => {
    const code = `interface Pair<T> { a: T; b: T }
      enum Op { Add = 'add' }
      function add(a: number, b: number): number {
        const p: Pair<number> = { a, b };
        return Op.Add === 'add' ? p.a + p.b : 0;
      }`;
    const r = await gradeProgramming(key('add', addTests, { language: 'ts' }), code);
    expect(r.score).toBe(1);
  });

  it('reports syntax errors as a compile error with the position, for JavaScript and TypeScript', async () => {
    const js = await gradeProgramming(key('add', addTests), 'function add(a, b) {\n  return a + ;\n}');
    expect(js).toMatchObject({ status: 'compile-error', score: 0, author: { cases: [], compileError: { line: 2 } } });
    expect(js.candidate.compileError!.message).toMatch(/^SyntaxError/);
    const ts = await gradeProgramming(
      key('add', addTests, { language: 'ts' }),
      'function add(a: number, b: number): number {\n  return a +;\n}',
    );
    expect(ts).toMatchObject({ status: 'compile-error', author: { compileError: { line: 2, column: 13 } } });
    const exported = await gradeProgramming(key('add', addTests), 'export function add(a, b) { return a + b; }');
    expect(exported.author.compileError!.message).toMatch(/import and export are not available/);
  });
});

describe('what the candidate sees', () => {
  it('shows sample cases in full and hidden cases as outcomes only', async () => {
    const tests: Test[] = [
      { args: ['sample-input'], expected: 'SAMPLE-OUT', sample: true },
      { args: ['hidden-input-7f3a'], expected: 'HIDDEN-EXPECTED-9c1e' },
    ];
    // A candidate trying to learn the hidden inputs prints and throws them.
    const code = 'function f(x) { console.log("arg:", x); throw new Error("arg was " + x); }';
    const r = await gradeProgramming(key('f', tests), code);
    const [sample, hidden] = r.candidate.cases;
    expect(sample).toMatchObject({
      index: 0,
      sample: true,
      kind: 'exception',
      args: ['sample-input'],
      expected: 'SAMPLE-OUT',
      logs: 'arg: sample-input\n',
    });
    expect(hidden).toEqual({
      index: 1,
      sample: false,
      weight: 1,
      passed: false,
      kind: 'exception',
      ms: expect.any(Number),
    });
    const text = JSON.stringify(r.candidate);
    expect(text).not.toContain('hidden-input-7f3a');
    expect(text).not.toContain('HIDDEN-EXPECTED-9c1e');
    // The author view has everything.
    expect(r.author.cases[1]).toMatchObject({
      args: ['hidden-input-7f3a'],
      expected: 'HIDDEN-EXPECTED-9c1e',
      logs: 'arg: hidden-input-7f3a\n',
    });
    expect(r.author.cases[1]!.message).toMatch(/arg was hidden-input-7f3a/);
  });
});

describe('overhead', () => {
  it('costs a few milliseconds per case for a trivial function', async () => {
    const tests: Test[] = Array.from({ length: 10 }, (_, i) => ({ args: [i], expected: i }));
    await gradeProgramming(key('f', tests), 'function f(x) { return x; }'); // warm
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await gradeProgramming(key('f', tests), 'function f(x) { return x; }'));
    const perCase = runs.flatMap((r) => r.author.cases.map((c) => c.ms)).sort((a, b) => a - b);
    const median = perCase[Math.floor(perCase.length / 2)]!;
    const wholeMedian = runs.map((r) => r.author.ms).sort((a, b) => a - b)[2]!;
    expect(runs.every((r) => r.score === 1)).toBe(true);
    expect(median).toBeLessThan(50);
    expect(wholeMedian).toBeLessThan(500);
  });
});
