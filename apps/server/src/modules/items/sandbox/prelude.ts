/**
 * The guest-side helper, evaluated in each fresh QuickJS context before the candidate's code.
 * It is a function expression: the worker calls it with the host's log function and the log
 * budget, and keeps the returned `{ run, encode, describeError }` as handles — nothing is left on the guest's
 * global object except `console`. The built-ins it needs are captured first, so a candidate who
 * replaces them later spoils nothing but their own result (the expected values never enter the
 * guest; the comparison happens on the host, compare.ts).
 *
 * `encode(value, budget)` returns the value as the tagged JSON tree of compare.ts (`Encoded`);
 * past `budget` characters it gives up and returns `{ big: description }`.
 */
export const PRELUDE = String.raw`(function (hostLog, maxLog) {
  'use strict';
  const G = globalThis;
  const apply = Reflect.apply;
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const isArray = Array.isArray;
  const ownKeys = Object.keys;
  const define = Object.defineProperty;
  const nullObject = () => Object.create(null);
  const toTag = Object.prototype.toString;
  const strSlice = String.prototype.slice;
  const toStr = String;
  const SetCtor = Set;
  const setHas = Set.prototype.has;
  const setAdd = Set.prototype.add;
  const setDelete = Set.prototype.delete;
  const BIG = nullObject();
  const MAX_DEPTH = 1000;

  let logLeft = maxLog;
  const show = (x) => {
    if (typeof x === 'string') return x;
    try {
      const s = typeof x === 'object' && x !== null ? stringify(x) : undefined;
      return s === undefined ? toStr(x) : s;
    } catch (e) {
      try { return toStr(x); } catch (e2) { return '[value]'; }
    }
  };
  const log = function () {
    if (logLeft <= 0) return;
    let line = '';
    for (let i = 0; i < arguments.length && line.length < logLeft; i++) line += (i ? ' ' : '') + show(arguments[i]);
    if (line.length > logLeft) line = apply(strSlice, line, [0, logLeft]);
    logLeft -= line.length + 1;
    hostLog(line);
  };
  G.console = { log, info: log, warn: log, error: log, debug: log, trace: log };

  const describe = (v) => {
    if (typeof v === 'string') return 'a string of ' + v.length + ' characters: ' + stringify(apply(strSlice, v, [0, 200])) + '…';
    if (isArray(v)) return 'an array of ' + v.length + ' elements';
    return 'a value larger than the output limit';
  };

  const encode = (value, budget) => {
    let left = budget;
    const ancestors = new SetCtor();
    const spend = (n) => {
      left -= n;
      if (left < 0) throw BIG;
    };
    const enc = (v, depth) => {
      switch (typeof v) {
        case 'undefined': spend(4); return { u: 1 };
        case 'boolean': spend(5); return v;
        case 'number':
          spend(24);
          if (v !== v) return { n: 'NaN' };
          if (v === Infinity) return { n: 'Infinity' };
          if (v === -Infinity) return { n: '-Infinity' };
          if (v === 0 && 1 / v < 0) return { n: '-0' };
          return v;
        case 'string': spend(v.length + 2); return v;
        case 'bigint': spend(40); return { x: 'a bigint' };
        case 'symbol': spend(20); return { x: 'a symbol' };
        case 'function': spend(20); return { x: 'a function' };
      }
      if (v === null) { spend(4); return null; }
      if (depth >= MAX_DEPTH) return { x: 'a structure nested over ' + MAX_DEPTH + ' levels deep' };
      if (apply(setHas, ancestors, [v])) return { x: 'a cyclic structure' };
      apply(setAdd, ancestors, [v]);
      try {
        if (isArray(v)) {
          const n = v.length;
          spend(n + 2);
          const items = [];
          for (let i = 0; i < n; i++) define(items, i, { value: enc(v[i], depth + 1), enumerable: true, writable: true, configurable: true });
          return { a: items };
        }
        const tag = apply(toTag, v, []);
        if (tag !== '[object Object]') return { x: 'a ' + apply(strSlice, tag, [8, -1]) };
        const keys = ownKeys(v);
        const out = nullObject();
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i];
          spend(k.length + 4);
          define(out, k, { value: enc(v[k], depth + 1), enumerable: true, writable: true, configurable: true });
        }
        return { o: out };
      } finally {
        apply(setDelete, ancestors, [v]);
      }
    };
    try {
      return stringify(enc(value, 0));
    } catch (e) {
      if (e === BIG) return stringify({ big: describe(value) });
      throw e;
    }
  };

  const describeError = (e) => {
    if (e === null || (typeof e !== 'object' && typeof e !== 'function')) return stringify({ name: '', message: show(e), stack: '' });
    const read = (k) => {
      try {
        const v = e[k];
        return typeof v === 'string' ? apply(strSlice, v, [0, 2000]) : '';
      } catch (x) {
        return '';
      }
    };
    const message = read('message');
    return stringify({ name: read('name'), message: message || apply(strSlice, show(e), [0, 2000]), stack: read('stack') });
  };

  const run = (fn, argsJson) => apply(fn, undefined, parse(argsJson));
  return { run, encode, describeError };
})`;
