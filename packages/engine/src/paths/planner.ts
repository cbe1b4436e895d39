/**
 * Learning-path planner (issue 5): an ordered plan of modules that minimises a learner's expected
 * weighted shortfall Σ w·max(0, T − K)² within a time budget, never starting a module before its
 * prerequisites are expected to be met, and explaining each step in zh-CN and en-US.
 *
 * Model. Skills carry expected mastery K ∈ [0, 1] (missing = 0); a module has hours, an expected
 * gain per skill (taking it sets K ← min(1, K + gain)) and `requires` skills. A module may start
 * only when every skill in `requires`, and every direct prerequisite (DAG edge before → after) of
 * every skill it teaches (gain > 0), is at or above its threshold: the skill's target T where the
 * learner has one, 0.6 otherwise. Gains are non-negative, so K only grows and feasibility is
 * monotone: once a module may start it stays so. Two consequences shape the algorithm:
 * - the final K, hence the objective, depends only on the *set* of modules (min(1, ·) of a sum does
 *   not depend on the order), so the planner chooses a set and orders it afterwards;
 * - a set can be ordered iff repeatedly taking any module of the set that may start exhausts it.
 *
 * Algorithm (per learner, after a once-per-catalog compilation, `PathPlanner`):
 * 1. Pinned modules first, in the learner's order; one whose prerequisites are not met is preceded
 *    by the cheapest unlocking modules found (below), or left out with a warning.
 * 2. Candidates: the modules teaching a target skill below target plus, transitively, those
 *    teaching a threshold skill (prerequisite or requirement) that such a module still lacks; of
 *    these, only the ones that can ever start (the closure: take whatever may start until nothing
 *    changes, O(size) with per-module counters of unmet thresholds). The closure also gives what
 *    unlimited time reaches, hence the unreachable targets.
 * 3. Greedy with look-ahead: repeatedly add the candidate with the largest objective reduction per
 *    hour that fits the remaining budget. Candidates are the modules that may start now and, for
 *    the (at most 4 found among 12 tried) modules that may not start yet but whose own reduction
 *    per hour beats the best so far, a *bundle*: unlocking modules that bring its thresholds to
 *    level followed by the module itself, valued as a whole. Unlocking a threshold skill takes the
 *    subset of (at most 4 of) its teachers that may start with the fewest hours covering the
 *    shortfall, else teachers one by one by hours per needed unit of gain, unlocking those that
 *    cannot start yet recursively (3 levels, other teachers tried when that fails). Values and
 *    may-start flags are recomputed only for modules whose skills changed; bundles are cached
 *    until a skill they touch changes.
 * 4. Local improvement, at most 3 rounds, until no move helps (after the first round a move runs
 *    again only if it helped in the round before): drop modules that reduce nothing
 *    and that nothing needs; add what fits (as in 3); the best swap of one planned module for one
 *    that fits the freed hours; drop-and-refill for the 8 planned modules reducing least per hour;
 *    and "make room" for the 6 unplanned modules (or bundles) with the largest reduction that do
 *    not fit: drop the planned modules reducing least per hour (or the single module that frees
 *    enough at the least loss), with whatever can then no longer start, add, refill greedily, and
 *    keep it if the gap falls (tried only when an optimistic estimate says it may).
 * 5. Order: modules that may start, the learner's preferred `order` first where prerequisites
 *    allow, otherwise the largest expected reduction first, where an unlocking module inherits the
 *    reduction of what it unlocks.
 *
 * Quality: on random instances of up to 10 modules the plan's expected gap is compared with an
 * exhaustive search over all orderable subsets (`PathPlanner.planExhaustive`); the stated and
 * tested bound is gap ≤ optimum + 0.05 × (initial gap − optimum) + 1e-9, i.e. at least 95% of the
 * optimal reduction, and the optimum itself on ≥ 99% of the seeded instances (planner.test.ts;
 * ADR 0012). Cost: about a millisecond per learner for 200 skills and 500 modules (bench/paths.ts).
 *
 * Deterministic: ties go to the module listed first in the catalog. No I/O. A `PathPlanner`
 * reuses its working memory from learner to learner (nothing else carries over), so it plans one
 * learner at a time; worker threads each build their own from the same `PathCatalogInput`.
 */
import { findCycle } from '../graph/dag.ts';

/* ------------------------------------------------------------------------------------------------
 * Types
 * --------------------------------------------------------------------------------------------- */

export type PathLocale = 'zh-CN' | 'en-US';
/** A text in both languages of the product. */
export type Bilingual = Record<PathLocale, string>;

export interface PathModule {
  id: string;
  hours: number;
  /** Expected mastery gain per skill (0 ≤ gain ≤ 1); a skill with gain > 0 is taught by the module. */
  gains: Readonly<Record<string, number>>;
  /** Skills that must be at or above their threshold before the module starts. */
  requires?: readonly string[];
  /** Display name in reasons (the id otherwise). */
  title?: string;
}

/** Everything shared by the learners of one organisation: built once, then many plans. */
export interface PathCatalogInput {
  skills: readonly string[];
  /** DAG edges [before, after]: `before` is a prerequisite of `after`. */
  prerequisites: readonly (readonly [string, string])[];
  modules: readonly PathModule[];
  /** Display names of skills in reasons (ids otherwise). */
  names?: Readonly<Record<string, string>>;
}

export interface PathTarget {
  target: number;
  weight: number;
}

/** One learner: mastery, targets, time, and the learner's own choices. */
export interface LearnerPathInput {
  /** Expected mastery K per skill, in [0, 1]; a missing skill is 0. */
  mastery: Readonly<Record<string, number>>;
  targets: Readonly<Record<string, PathTarget>>;
  /** Hours available in all; with a pace and a deadline the budget is the smaller of the two. */
  budgetHours?: number;
  /** Pace, hours per week. */
  hoursPerWeek?: number;
  /** Deadline in weeks from now; or `startDate` and `endDate` (ISO 8601) give the weeks. */
  deadlineWeeks?: number;
  startDate?: string;
  endDate?: string;
  /** The goal the targets come from (a position, a certification level), named in reasons. */
  goal?: string;
  /** Modules that must be in the plan, first and in this order where prerequisites allow. */
  pinned?: readonly string[];
  /** Modules never planned. */
  skipped?: readonly string[];
  /** Preferred order of planned steps (respected where prerequisites allow). */
  order?: readonly string[];
}

export type PathPlanInput = PathCatalogInput & LearnerPathInput;

export interface PlanOptions {
  /** Language of each step's `reason` (both are in `reasons`); default en-US. */
  locale?: PathLocale;
  /** Local improvement after the greedy (default true; false = the baseline of bench/paths.ts). */
  improve?: boolean;
  /** Unlock bundles in the greedy (default true). */
  lookahead?: boolean;
}

export interface SkillMove {
  skill: string;
  name: string;
  before: number;
  after: number;
}

/** Why a step is in the plan, as data (the texts are built from it). */
export type StepReason =
  | {
      kind: 'gap';
      /** The target skill whose weighted shortfall this step reduces most. */
      skill: string;
      from: number;
      to: number;
      /** The skill's target T. */
      target: number;
      /** Other target skills it moves (below target before the step). */
      also: SkillMove[];
      /** Later steps it helps to unlock. */
      unlocks: string[];
    }
  | {
      kind: 'unlock';
      /** The threshold skill it raises for the later step. */
      skill: string;
      from: number;
      to: number;
      /** Later steps it unlocks. */
      unlocks: string[];
      /** The target skill those steps close the gap on (null when they are pinned steps without a gap). */
      forTarget: string | null;
    }
  | { kind: 'pinned' };

export interface PathStep {
  module: string;
  /** The reason in `options.locale`. */
  reason: string;
  reasons: Bilingual;
  why: StepReason;
  hours: number;
  cumulativeHours: number;
  /** Every skill the module teaches, expected mastery before → after the step. */
  moves: SkillMove[];
  gapBefore: number;
  gapAfter: number;
  pinned: boolean;
}

export type PathWarningCode =
  | 'budget-too-small'
  | 'deadline-too-short'
  | 'deadline-passed'
  | 'deadline-without-pace'
  | 'unreachable-targets'
  | 'pinned-infeasible'
  | 'pinned-over-budget'
  | 'pinned-skipped'
  | 'unknown-module'
  | 'order-adjusted';

export interface PathWarning {
  code: PathWarningCode;
  message: Bilingual;
  details: Record<string, number | string | string[] | null>;
}

export type UnreachableReason = 'no-module' | 'skipped' | 'prerequisites' | 'insufficient-gain';

/** A target skill the catalog cannot bring to target, whatever the time. */
export interface UnreachableTarget {
  skill: string;
  name: string;
  target: number;
  mastery: number;
  /** The highest expected mastery any plan reaches (unlimited time). */
  reachable: number;
  reason: UnreachableReason;
  /** For `prerequisites`: threshold skills that no plan can bring to threshold. */
  blockedBy: string[];
}

export interface PathPlan {
  steps: PathStep[];
  /** Σ w·max(0, T − K)² after the plan. */
  expectedGap: number;
  /** The same before the plan. */
  initialGap: number;
  /** The same after taking every module that can ever start (unlimited time). */
  reachableGap: number;
  totalHours: number;
  /** The budget used (null = unlimited). */
  budgetHours: number | null;
  /** When time runs out before `reachableGap`: the hours a plan without a budget would take, else null. */
  hoursNeeded: number | null;
  warnings: PathWarning[];
  unreachable: UnreachableTarget[];
}

/** A problem of the input, with its JSON path. */
export interface PathProblem {
  path: (string | number)[];
  message: string;
}

/** Invalid input to the planner (unknown ids, a prerequisite cycle, values out of range). */
export class PathPlanError extends Error {
  constructor(readonly problems: PathProblem[]) {
    super(problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join('; '));
    this.name = 'PathPlanError';
  }
}

/** `modules[3].gains.PE` — a JSON path as people read it. */
export function formatPath(path: readonly (string | number)[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) s += s ? `.${p}` : p;
    else s += `[${JSON.stringify(p)}]`;
  }
  return s || '(root)';
}

/* ------------------------------------------------------------------------------------------------
 * Validation
 * --------------------------------------------------------------------------------------------- */

/**
 * Problems of reference between the parts of the input: duplicate skill or module ids, skill ids
 * in prerequisites, gains, requires, mastery or targets that are not in `skills`, and a cycle in
 * the prerequisites (named as `a → b → … → a`). Ranges are checked by `pathRangeProblems`.
 */
export function pathReferenceProblems(input: PathCatalogInput & Partial<LearnerPathInput>): PathProblem[] {
  const out: PathProblem[] = [];
  const known = new Set<string>();
  input.skills.forEach((s, i) => {
    if (known.has(s)) out.push({ path: ['skills', i], message: `duplicate skill "${s}"` });
    known.add(s);
  });
  const unknown = (path: (string | number)[], s: string) => out.push({ path, message: `unknown skill "${s}"` });
  input.prerequisites.forEach(([a, b], i) => {
    if (!known.has(a)) unknown(['prerequisites', i, 0], a);
    if (!known.has(b)) unknown(['prerequisites', i, 1], b);
  });
  const ids = new Map<string, number>();
  input.modules.forEach((m, i) => {
    const first = ids.get(m.id);
    if (first !== undefined)
      out.push({ path: ['modules', i, 'id'], message: `duplicate module id "${m.id}" (also modules[${first}])` });
    else ids.set(m.id, i);
    for (const s of Object.keys(m.gains)) if (!known.has(s)) unknown(['modules', i, 'gains', s], s);
    (m.requires ?? []).forEach((s, j) => {
      if (!known.has(s)) unknown(['modules', i, 'requires', j], s);
    });
  });
  for (const s of Object.keys(input.mastery ?? {})) if (!known.has(s)) unknown(['mastery', s], s);
  for (const s of Object.keys(input.targets ?? {})) if (!known.has(s)) unknown(['targets', s], s);
  const edges = input.prerequisites.filter(([a, b]) => known.has(a) && known.has(b));
  const cycle = findCycle(input.skills, edges);
  if (cycle) out.push({ path: ['prerequisites'], message: `the prerequisites form a cycle: ${cycle.join(' → ')}` });
  return out;
}

/** Values out of range: hours < 0, gains outside [0, 1], K or T outside [0, 1], weights < 0, bad time fields. */
export function pathRangeProblems(input: Partial<PathCatalogInput & LearnerPathInput>): PathProblem[] {
  const out: PathProblem[] = [];
  const unit = (x: number) => Number.isFinite(x) && x >= 0 && x <= 1;
  const nonNeg = (x: number) => Number.isFinite(x) && x >= 0;
  (input.modules ?? []).forEach((m, i) => {
    if (!nonNeg(m.hours))
      out.push({ path: ['modules', i, 'hours'], message: `hours must be a number ≥ 0, got ${m.hours}` });
    for (const [s, g] of Object.entries(m.gains))
      if (!unit(g)) out.push({ path: ['modules', i, 'gains', s], message: `gain must be in [0, 1], got ${g}` });
  });
  for (const [s, k] of Object.entries(input.mastery ?? {}))
    if (!unit(k)) out.push({ path: ['mastery', s], message: `mastery must be in [0, 1], got ${k}` });
  for (const [s, t] of Object.entries(input.targets ?? {})) {
    if (!unit(t.target))
      out.push({ path: ['targets', s, 'target'], message: `target must be in [0, 1], got ${t.target}` });
    if (!nonNeg(t.weight))
      out.push({ path: ['targets', s, 'weight'], message: `weight must be a number ≥ 0, got ${t.weight}` });
  }
  for (const key of ['budgetHours', 'hoursPerWeek'] as const) {
    const v = input[key];
    if (v !== undefined && !(v >= 0)) out.push({ path: [key], message: `${key} must be ≥ 0, got ${v}` });
  }
  if (input.deadlineWeeks !== undefined && !Number.isFinite(input.deadlineWeeks))
    out.push({ path: ['deadlineWeeks'], message: 'deadlineWeeks must be a number' });
  for (const key of ['startDate', 'endDate'] as const) {
    const v = input[key];
    if (v !== undefined && Number.isNaN(Date.parse(v)))
      out.push({ path: [key], message: `not an ISO 8601 date: "${v}"` });
  }
  if ((input.startDate === undefined) !== (input.endDate === undefined))
    out.push({
      path: [input.startDate === undefined ? 'startDate' : 'endDate'],
      message: 'startDate and endDate go together',
    });
  return out;
}

/* ------------------------------------------------------------------------------------------------
 * Catalog
 * --------------------------------------------------------------------------------------------- */

/** Lists of integers per key in one array (compressed sparse rows). */
function csr(n: number, pairs: readonly (readonly [number, number])[]): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(n + 1);
  for (const [k] of pairs) start[k + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const list = new Int32Array(pairs.length);
  for (const [k, v] of pairs) list[fill[k]!++] = v;
  return { start, list };
}

/**
 * The compiled catalog: skills and modules as indices, gains, thresholds-to-check ("gates": the
 * module's requires plus the direct prerequisites of the skills it teaches) and teaching modules
 * per skill in flat typed arrays. Built once per catalog; throws PathPlanError on a bad catalog.
 */
export class PathCatalog {
  readonly skills: readonly string[];
  readonly skillIndex: ReadonlyMap<string, number>;
  readonly skillNames: readonly string[];
  readonly moduleIds: readonly string[];
  readonly moduleIndex: ReadonlyMap<string, number>;
  readonly moduleTitles: readonly string[];
  readonly hours: Float64Array;
  /** Gains of module m: skills gainSkill[gainStart[m] … gainStart[m+1]) with gainAmount. */
  readonly gainStart: Int32Array;
  readonly gainSkill: Int32Array;
  readonly gainAmount: Float64Array;
  /** Skills that must be at threshold before module m starts. */
  readonly gateStart: Int32Array;
  readonly gateSkill: Int32Array;
  /** Modules teaching skill s (gain > 0), in catalog order, and their gain on s. */
  readonly teachStart: Int32Array;
  readonly teachModule: Int32Array;
  readonly teachGain: Float64Array;
  /** Modules with skill s among their thresholds. */
  readonly gatedStart: Int32Array;
  readonly gatedModule: Int32Array;
  /** The fewest hours per unit of gain on skill s of any module (Infinity when none teaches it). */
  readonly minRate: Float64Array;

  constructor(input: PathCatalogInput) {
    const problems = [
      ...pathReferenceProblems({ skills: input.skills, prerequisites: input.prerequisites, modules: input.modules }),
      ...pathRangeProblems({ modules: input.modules }),
    ];
    if (problems.length) throw new PathPlanError(problems);
    this.skills = [...input.skills];
    this.skillIndex = new Map(this.skills.map((s, i) => [s, i]));
    this.skillNames = this.skills.map((s) => input.names?.[s] ?? s);
    this.moduleIds = input.modules.map((m) => m.id);
    this.moduleIndex = new Map(this.moduleIds.map((id, i) => [id, i]));
    this.moduleTitles = input.modules.map((m) => m.title ?? m.id);
    this.hours = Float64Array.from(input.modules, (m) => m.hours);
    const n = this.skills.length;
    const si = this.skillIndex;
    const prereq: [number, number][] = [];
    const seenEdge = new Set<number>();
    for (const [a, b] of input.prerequisites) {
      const key = si.get(b)! * n + si.get(a)!;
      if (!seenEdge.has(key)) prereq.push([si.get(b)!, si.get(a)!]);
      seenEdge.add(key);
    }
    const pre = csr(n, prereq);
    const gainPairs: [number, number][] = [];
    const amounts: number[] = [];
    const gatePairs: [number, number][] = [];
    const teachPairs: [number, number][] = [];
    input.modules.forEach((m, mi) => {
      const gates = new Set<number>();
      for (const s of m.requires ?? []) gates.add(si.get(s)!);
      for (const [s, g] of Object.entries(m.gains)) {
        if (!(g > 0)) continue;
        const k = si.get(s)!;
        gainPairs.push([mi, k]);
        amounts.push(g);
        teachPairs.push([k, mi]);
        for (let j = pre.start[k]!; j < pre.start[k + 1]!; j++) gates.add(pre.list[j]!);
      }
      for (const g of gates) gatePairs.push([mi, g]);
    });
    const gains = csr(input.modules.length, gainPairs);
    this.gainStart = gains.start;
    this.gainSkill = gains.list;
    // csr keeps pair order within a key, so amounts follow the same order per module.
    this.gainAmount = new Float64Array(amounts.length);
    {
      const fill = gains.start.slice(0, input.modules.length);
      gainPairs.forEach(([mi], p) => (this.gainAmount[fill[mi]!++] = amounts[p]!));
    }
    const gates = csr(input.modules.length, gatePairs);
    this.gateStart = gates.start;
    this.gateSkill = gates.list;
    const gated = csr(
      n,
      gatePairs.map(([mi, g]) => [g, mi] as const),
    );
    this.gatedStart = gated.start;
    this.gatedModule = gated.list;
    this.minRate = new Float64Array(n).fill(Infinity);
    for (let m = 0; m < input.modules.length; m++)
      for (let j = this.gainStart[m]!; j < this.gainStart[m + 1]!; j++) {
        const s = this.gainSkill[j]!;
        this.minRate[s] = Math.min(this.minRate[s]!, this.hours[m]! / this.gainAmount[j]!);
      }
    const teach = csr(n, teachPairs);
    this.teachStart = teach.start;
    this.teachModule = teach.list;
    this.teachGain = new Float64Array(teach.list.length);
    for (let s = 0; s < n; s++)
      for (let j = teach.start[s]!; j < teach.start[s + 1]!; j++) {
        const m = teach.list[j]!;
        for (let k = this.gainStart[m]!; k < this.gainStart[m + 1]!; k++)
          if (this.gainSkill[k] === s) this.teachGain[j] = this.gainAmount[k]!;
      }
  }

  get moduleCount(): number {
    return this.moduleIds.length;
  }
}

/* ------------------------------------------------------------------------------------------------
 * Texts
 * --------------------------------------------------------------------------------------------- */

const f2 = (x: number) => x.toFixed(2);
const f3 = (x: number) => x.toFixed(3);
const h1 = (x: number) => String(Math.round(x * 10) / 10);

/* ------------------------------------------------------------------------------------------------
 * Gains from past learners
 * --------------------------------------------------------------------------------------------- */

/** One past learner's expected mastery of a skill just before and just after a module. */
export interface GainObservation {
  module: string;
  skill: string;
  before: number;
  after: number;
  /**
   * How many learners this observation stands for (default 1): an aggregate of `count` learners
   * whose mean K before and after are `before` and `after` (the product aggregates in SQL).
   */
  count?: number;
}

export interface GainPrior {
  /** Declared gains (a catalog's modules): the prior where a module declares the skill. */
  modules?: readonly Pick<PathModule, 'id' | 'gains'>[];
  /** Weight of the prior in observations (default 5). */
  pseudoCount?: number;
  /** Prior for an undeclared (module, skill): this fraction of the room left, (1 − mean before) (default 0.25). */
  defaultFraction?: number;
}

export interface GainEstimate {
  module: string;
  skill: string;
  /** The shrunk estimate, in [0, 1]. */
  gain: number;
  /** Observations used. */
  count: number;
  /** Mean observed (after − before), null without observations. */
  observedMean: number | null;
  prior: number;
  priorSource: 'declared' | 'default';
}

/**
 * Expected gains learned from past learners, shrunk towards a prior: for each (module, skill),
 * gain = (κ·prior + Σ(after − before)) / (κ + n), clipped to [0, 1], where κ is the pseudo-count
 * and the prior is the module's declared gain or, for a pair it does not declare, `defaultFraction`
 * × (1 − mean before). A new module (no observations) keeps its prior; with many observations the
 * estimate approaches the observed mean. Declared pairs come first (catalog order), then observed
 * pairs in order of first appearance.
 */
export function estimateGains(observations: readonly GainObservation[], prior: GainPrior = {}): GainEstimate[] {
  const kappa = prior.pseudoCount ?? 5;
  const frac = prior.defaultFraction ?? 0.25;
  const acc = new Map<
    string,
    { module: string; skill: string; n: number; sum: number; before: number; declared: number | null }
  >();
  const key = (m: string, s: string) => JSON.stringify([m, s]);
  for (const m of prior.modules ?? [])
    for (const [s, g] of Object.entries(m.gains))
      acc.set(key(m.id, s), { module: m.id, skill: s, n: 0, sum: 0, before: 0, declared: g });
  for (const o of observations) {
    if (!Number.isFinite(o.before) || !Number.isFinite(o.after)) continue;
    const k = key(o.module, o.skill);
    let a = acc.get(k);
    if (!a) acc.set(k, (a = { module: o.module, skill: o.skill, n: 0, sum: 0, before: 0, declared: null }));
    const n = o.count ?? 1;
    if (!(n > 0)) continue;
    const before = Math.min(1, Math.max(0, o.before));
    const after = Math.min(1, Math.max(0, o.after));
    a.n += n;
    a.sum += n * (after - before);
    a.before += n * before;
  }
  return Array.from(acc.values(), (a) => {
    const p = a.declared ?? frac * (1 - (a.n ? a.before / a.n : 0));
    const gain = (kappa * p + a.sum) / (kappa + a.n);
    return {
      module: a.module,
      skill: a.skill,
      gain: Math.min(1, Math.max(0, gain)),
      count: a.n,
      observedMean: a.n ? a.sum / a.n : null,
      prior: p,
      priorSource: a.declared === null ? ('default' as const) : ('declared' as const),
    };
  });
}

/** The modules with their gains replaced by estimates (pairs without an estimate keep theirs; estimates for unknown modules are ignored). */
export function withEstimatedGains<M extends PathModule>(
  modules: readonly M[],
  estimates: readonly GainEstimate[],
): M[] {
  const by = new Map<string, Record<string, number>>();
  for (const e of estimates) {
    let g = by.get(e.module);
    if (!g) by.set(e.module, (g = {}));
    g[e.skill] = e.gain;
  }
  return modules.map((m) => (by.has(m.id) ? { ...m, gains: { ...m.gains, ...by.get(m.id) } } : m));
}

/* ------------------------------------------------------------------------------------------------
 * Planner
 * --------------------------------------------------------------------------------------------- */

const EPS = 1e-9;
/** Objective changes below this are no change. */
const TINY = 1e-12;
const DEFAULT_THRESHOLD = 0.6;
const MAX_UNLOCK_DEPTH = 3;
/** Work limit of one bundle search (unlocking attempts, with backtracking). */
const MAX_UNLOCK_CALLS = 16;
const MAX_ROUNDS = 3;
/** Unlock bundles valued per greedy step (for the blocked modules with the best own ratio). */
const BUNDLES_PER_STEP = 4;
/** Modules (the largest reductions) for which local improvement tries to make room, per round. */
const HEADS_PER_ROUND = 6;
/** Planned modules that local improvement tries to drop and refill, per round. */
const DROP_TRIES = 8;
/** Teachers of one threshold skill among which unlocking looks for the fewest hours (2^4 subsets). */
const COVER_MAX = 4;
/** The most relevant modules the exhaustive search accepts (2^20 subsets). */
export const EXHAUSTIVE_MAX_MODULES = 20;

interface Bundle {
  mods: number[];
  hours: number;
  value: number;
}

/**
 * One learner's planning state. K values are kept as raw sums (mastery plus gains, uncapped):
 * min(1, ·) is applied when reading, so removing a module is exact subtraction.
 */
class Run {
  readonly n: number;
  readonly T: Float64Array; // target, −1 where none
  readonly W: Float64Array;
  readonly theta: Float64Array; // threshold of a gate
  readonly K0: Float64Array;
  readonly skipped: Uint8Array;
  readonly inPlan: Uint8Array;
  readonly locked: Uint8Array;
  /** Modules that can start some day (the closure from the plan's start, after the pinned steps). */
  readonly reach: Uint8Array;
  readonly targetList: number[] = [];
  /** Scratch: a second K and marks for bundles. */
  readonly S: Float64Array;
  private readonly mark: Uint8Array;
  /** Scratch of coverExactly: teachers, and hours and gain per subset. */
  private readonly coverT = new Int32Array(COVER_MAX);
  private readonly coverTG = new Float64Array(COVER_MAX);
  private readonly coverH = new Float64Array(1 << COVER_MAX);
  private readonly coverG = new Float64Array(1 << COVER_MAX);
  private readonly visiting: Uint8Array;
  private readonly unmet: Int32Array;
  /** Scratch of greedy: value and may-start per module, recomputed when marked dirty. */
  private readonly gValue: Float64Array;
  private readonly gFeasible: Uint8Array;
  private readonly gDirty: Uint8Array;
  /** The hours left when a module's bundle last failed (not retried with as few). */
  private readonly gFailed: Float64Array;
  /** When each skill last changed in a greedy (a clock, for the bundle cache). */
  private readonly touchedAt: Float64Array;
  private clock = 0;
  /**
   * Bundles computed by greedy, per head, with the K they were computed on: valid while no skill
   * they touch (taught or threshold) changed since (`touchedAt`), none of their modules is planned
   * and they fit. Cleared per learner.
   */
  readonly bundleCache = new Map<number, { b: Bundle; K: Float64Array; stamp: number; foot: number[] }>();
  private bundleList: number[] = [];
  private bundleHours = 0;
  private bundleValue = 0;
  private unlockCalls = 0;
  private maxUnlockCalls = 0;

  /** Scratch for one catalog, reused learner after learner (`load`). */
  constructor(readonly c: PathCatalog) {
    const n = c.skills.length;
    const m = c.moduleCount;
    this.n = n;
    this.T = new Float64Array(n);
    this.W = new Float64Array(n);
    this.theta = new Float64Array(n);
    this.K0 = new Float64Array(n);
    this.skipped = new Uint8Array(m);
    this.inPlan = new Uint8Array(m);
    this.locked = new Uint8Array(m);
    this.reach = new Uint8Array(m);
    this.S = new Float64Array(n);
    this.mark = new Uint8Array(m);
    this.visiting = new Uint8Array(m);
    this.unmet = new Int32Array(m);
    this.gValue = new Float64Array(m);
    this.gFeasible = new Uint8Array(m);
    this.gDirty = new Uint8Array(m);
    this.gFailed = new Float64Array(m);
    this.touchedAt = new Float64Array(n);
  }

  /** Reads a learner's mastery and targets; their problems (unknown skills, values out of range) go to `problems`. */
  load(learner: LearnerPathInput, problems: PathProblem[]): void {
    const c = this.c;
    this.T.fill(-1);
    this.W.fill(0);
    this.theta.fill(DEFAULT_THRESHOLD);
    this.K0.fill(0);
    this.skipped.fill(0);
    this.inPlan.fill(0);
    this.locked.fill(0);
    this.reach.fill(0);
    this.mark.fill(0);
    this.visiting.fill(0);
    this.targetList.length = 0;
    this.bundleCache.clear();
    const unit = (x: number) => x >= 0 && x <= 1; // false for NaN
    for (const s in learner.mastery) {
      const i = c.skillIndex.get(s);
      const k = learner.mastery[s]!;
      if (i === undefined) problems.push({ path: ['mastery', s], message: `unknown skill "${s}"` });
      else if (!unit(k)) problems.push({ path: ['mastery', s], message: `mastery must be in [0, 1], got ${k}` });
      else this.K0[i] = k;
    }
    for (const s in learner.targets) {
      const i = c.skillIndex.get(s);
      const t = learner.targets[s]!;
      if (i === undefined) problems.push({ path: ['targets', s], message: `unknown skill "${s}"` });
      else if (!unit(t.target))
        problems.push({ path: ['targets', s, 'target'], message: `target must be in [0, 1], got ${t.target}` });
      else if (!(t.weight >= 0 && t.weight < Infinity))
        problems.push({ path: ['targets', s, 'weight'], message: `weight must be a number ≥ 0, got ${t.weight}` });
      else {
        this.T[i] = t.target;
        this.W[i] = t.weight;
        this.theta[i] = t.target;
        this.targetList.push(i);
      }
    }
    this.targetList.sort((a, b) => a - b);
  }

  /** Σ w·max(0, T − min(1, K))² over the targets. */
  gap(K: Float64Array): number {
    let f = 0;
    for (const s of this.targetList) {
      const d = this.T[s]! - Math.min(1, K[s]!);
      if (d > 0) f += this.W[s]! * d * d;
    }
    return f;
  }

  /** Objective reduction of adding module m at K. */
  value(m: number, K: Float64Array): number {
    const c = this.c;
    let v = 0;
    for (let j = c.gainStart[m]!; j < c.gainStart[m + 1]!; j++) {
      const s = c.gainSkill[j]!;
      const t = this.T[s]!;
      if (t < 0) continue;
      const k = Math.min(1, K[s]!);
      if (k >= t) continue;
      const d0 = t - k;
      const d1 = t - Math.min(1, K[s]! + c.gainAmount[j]!);
      v += this.W[s]! * (d0 * d0 - (d1 > 0 ? d1 * d1 : 0));
    }
    return v;
  }

  /** Objective increase of removing module m (in the plan) from K. */
  loss(m: number, K: Float64Array): number {
    const c = this.c;
    let v = 0;
    for (let j = c.gainStart[m]!; j < c.gainStart[m + 1]!; j++) {
      const s = c.gainSkill[j]!;
      const t = this.T[s]!;
      if (t < 0) continue;
      const d0 = t - Math.min(1, K[s]! - c.gainAmount[j]!);
      if (d0 <= 0) continue;
      const d1 = t - Math.min(1, K[s]!);
      v += this.W[s]! * (d0 * d0 - (d1 > 0 ? d1 * d1 : 0));
    }
    return v;
  }

  feasible(m: number, K: Float64Array): boolean {
    const c = this.c;
    for (let j = c.gateStart[m]!; j < c.gateStart[m + 1]!; j++) {
      const g = c.gateSkill[j]!;
      if (K[g]! < this.theta[g]! - EPS) return false;
    }
    return true;
  }

  apply(m: number, K: Float64Array, sign = 1): void {
    const c = this.c;
    for (let j = c.gainStart[m]!; j < c.gainStart[m + 1]!; j++) K[c.gainSkill[j]!]! += sign * c.gainAmount[j]!;
  }

  gainOn(m: number, s: number): number {
    const c = this.c;
    for (let j = c.gainStart[m]!; j < c.gainStart[m + 1]!; j++) if (c.gainSkill[j] === s) return c.gainAmount[j]!;
    return 0;
  }

  /**
   * Modules worth considering from K: teachers of target skills below target and, transitively,
   * teachers of the unmet thresholds of those modules. Catalog order.
   */
  relevant(K: Float64Array, includePlanned = false): number[] {
    const c = this.c;
    const needed = new Uint8Array(this.n);
    const rel = new Uint8Array(c.moduleCount);
    const queue: number[] = [];
    for (const s of this.targetList)
      if (Math.min(1, K[s]!) < this.T[s]! - EPS) {
        needed[s] = 1;
        queue.push(s);
      }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      for (let j = c.teachStart[s]!; j < c.teachStart[s + 1]!; j++) {
        const m = c.teachModule[j]!;
        if (rel[m] || this.skipped[m] || (this.inPlan[m] && !includePlanned)) continue;
        rel[m] = 1;
        for (let k = c.gateStart[m]!; k < c.gateStart[m + 1]!; k++) {
          const g = c.gateSkill[k]!;
          if (!needed[g] && K[g]! < this.theta[g]! - EPS) {
            needed[g] = 1;
            queue.push(g);
          }
        }
      }
    }
    const out: number[] = [];
    for (let m = 0; m < rel.length; m++) if (rel[m]) out.push(m);
    return out;
  }

  /**
   * The cheapest modules (not planned, not skipped) that bring the thresholds of `head` to level
   * from K, followed by `head`, within `left` hours; null when impossible. Per missing threshold
   * skill: repeatedly the teacher with the fewest hours per needed unit of gain, preferring ones
   * that may start; one that may not start is unlocked first (up to `maxDepth` levels).
   */
  bundle(
    head: number,
    K: Float64Array,
    left: number,
    maxDepth = MAX_UNLOCK_DEPTH,
    maxCalls = MAX_UNLOCK_CALLS,
  ): Bundle | null {
    // A lower bound first: each threshold below level needs at least (shortfall × the fewest hours
    // per unit of gain of any teacher of it).
    const c = this.c;
    let lower = 0;
    for (let k = c.gateStart[head]!; k < c.gateStart[head + 1]!; k++) {
      const g = c.gateSkill[k]!;
      const need = this.theta[g]! - K[g]! - EPS;
      if (need > 0) lower = Math.max(lower, need * c.minRate[g]!);
    }
    if (c.hours[head]! + lower > left + EPS) return null;
    this.S.set(K);
    this.bundleList = [];
    this.bundleHours = this.c.hours[head]!;
    this.bundleValue = 0;
    this.unlockCalls = 0;
    this.maxUnlockCalls = maxCalls;
    this.visiting[head] = 1;
    const ok = this.bundleHours <= left + EPS && this.unlockInto(head, 0, maxDepth, left);
    this.visiting[head] = 0;
    for (const m of this.bundleList) this.mark[m] = 0;
    if (!ok) return null;
    this.bundleValue += this.value(head, this.S);
    return { mods: [...this.bundleList, head], hours: this.bundleHours, value: this.bundleValue };
  }

  /**
   * Brings skill g to its threshold with the fewest hours among subsets of (at most COVER_MAX of) the
   * teachers that may start now, when some subset can; applies it to S. Else leaves S alone.
   */
  private coverExactly(g: number, left: number): void {
    const c = this.c;
    const need = this.theta[g]! - this.S[g]! - EPS;
    const t = this.coverT;
    const tg = this.coverTG;
    let n = 0;
    for (let j = c.teachStart[g]!; j < c.teachStart[g + 1]!; j++) {
      const m = c.teachModule[j]!;
      if (this.inPlan[m] || !this.reach[m] || this.mark[m] || this.visiting[m]) continue;
      if (this.bundleHours + c.hours[m]! > left + EPS || !this.feasible(m, this.S)) continue;
      const gain = c.teachGain[j]!;
      if (n < t.length) {
        t[n] = m;
        tg[n++] = gain;
      } else {
        // Keep the COVER_MAX teachers with the fewest hours per unit of gain.
        let worst = 0;
        for (let i = 1; i < n; i++) if (c.hours[t[i]!]! / tg[i]! > c.hours[t[worst]!]! / tg[worst]!) worst = i;
        if (c.hours[m]! / gain < c.hours[t[worst]!]! / tg[worst]!) {
          t[worst] = m;
          tg[worst] = gain;
        }
      }
    }
    if (n === 0) return;
    const H = this.coverH;
    const G = this.coverG;
    let best = -1;
    let bestHours = left - this.bundleHours + EPS;
    for (let mask = 1; mask < 1 << n; mask++) {
      const low = mask & -mask;
      const i = 31 - Math.clz32(low);
      const h = (H[mask] = H[mask ^ low]! + c.hours[t[i]!]!);
      const sum = (G[mask] = G[mask ^ low]! + tg[i]!);
      if (sum >= need && h < bestHours - EPS) {
        best = mask;
        bestHours = h;
      }
    }
    if (best < 0) return;
    for (let i = 0; i < n; i++) {
      if (!(best & (1 << i))) continue;
      const m = t[i]!;
      this.bundleValue += this.value(m, this.S);
      this.apply(m, this.S);
      this.mark[m] = 1;
      this.bundleList.push(m);
      this.bundleHours += c.hours[m]!;
    }
  }

  private unlockInto(x: number, depth: number, maxDepth: number, left: number): boolean {
    const c = this.c;
    const S = this.S;
    if (++this.unlockCalls > this.maxUnlockCalls) return false;
    for (let k = c.gateStart[x]!; k < c.gateStart[x + 1]!; k++) {
      const g = c.gateSkill[k]!;
      if (depth === 0 && S[g]! < this.theta[g]! - EPS) this.coverExactly(g, left);
      const tried: number[] = []; // teachers whose own unlocking failed (kept `visiting` meanwhile)
      while (S[g]! < this.theta[g]! - EPS) {
        const need = this.theta[g]! - S[g]!;
        let best = -1;
        let bestCost = Infinity;
        let bestFeasible = false;
        for (let j = c.teachStart[g]!; j < c.teachStart[g + 1]!; j++) {
          const m = c.teachModule[j]!;
          if (this.inPlan[m] || !this.reach[m] || this.mark[m] || this.visiting[m]) continue;
          if (this.bundleHours + c.hours[m]! > left + EPS) continue;
          const cost = c.hours[m]! / Math.max(TINY, Math.min(c.teachGain[j]!, need));
          if (bestFeasible && cost >= bestCost) continue; // cannot win: skip the may-start check
          const feas = this.feasible(m, S);
          if (!feas && depth + 1 > maxDepth) continue;
          if ((feas && !bestFeasible) || (feas === bestFeasible && cost < bestCost)) {
            best = m;
            bestCost = cost;
            bestFeasible = feas;
          }
        }
        if (best < 0) {
          for (const t of tried) this.visiting[t] = 0;
          return false;
        }
        if (!bestFeasible) {
          const len = this.bundleList.length;
          const hours = this.bundleHours;
          const value = this.bundleValue;
          this.visiting[best] = 1;
          if (!this.unlockInto(best, depth + 1, maxDepth, left) || this.bundleHours + c.hours[best]! > left + EPS) {
            // Roll back and try another teacher.
            while (this.bundleList.length > len) {
              const u = this.bundleList.pop()!;
              this.apply(u, S, -1);
              this.mark[u] = 0;
            }
            this.bundleHours = hours;
            this.bundleValue = value;
            tried.push(best);
            if (depth > 0 && this.maxUnlockCalls <= MAX_UNLOCK_CALLS) {
              // Other teachers are tried at the head's own thresholds only (everywhere for pinned modules).
              for (const t of tried) this.visiting[t] = 0;
              return false;
            }
            continue;
          }
          this.visiting[best] = 0;
        }
        this.bundleValue += this.value(best, S);
        this.apply(best, S);
        this.mark[best] = 1;
        this.bundleList.push(best);
        this.bundleHours += c.hours[best]!;
      }
      for (const t of tried) this.visiting[t] = 0;
    }
    return true;
  }

  /**
   * Greedy by objective reduction per hour (with unlock bundles when `lookahead`) from K within
   * `left` hours; adds to `plan` and K. Returns the hours used.
   */
  greedy(
    K: Float64Array,
    cands: readonly number[],
    left: number,
    plan: number[],
    lookahead: boolean,
    bundlesPerStep = BUNDLES_PER_STEP,
    bundlesOnlyWhenStuck = false,
  ): number {
    const c = this.c;
    const val = this.gValue;
    const feas = this.gFeasible;
    const dirty = this.gDirty;
    const touched = this.touchedAt;
    let used = 0;
    // The blocked modules with the best own ratio, kept sorted (descending) while scanning.
    const cap = 3 * bundlesPerStep;
    const topM = new Int32Array(cap);
    const topR = new Float64Array(cap);
    const failedAt = this.gFailed;
    // Bundles stay valid while no skill they touch (taught or threshold) changes.
    const cached = this.bundleCache;
    // The candidates still in play: K only grows here, so a module that is planned, no longer
    // fits, or reduces nothing leaves for good, and one that may start stays so.
    const act = Int32Array.from(cands);
    let na = act.length;
    for (const m of cands) {
      dirty[m] = 3; // 1: value, 2: may-start; computed when first needed
      failedAt[m] = -1;
    }
    for (;;) {
      let best = -1;
      let bestRatio = 0;
      let nt = 0;
      const room = left - used + EPS;
      for (let i = 0; i < na;) {
        const m = act[i]!;
        if (this.inPlan[m] || c.hours[m]! > room) {
          act[i] = act[--na]!;
          continue;
        }
        const d = dirty[m]!;
        if (d) {
          dirty[m] = 0;
          if (d & 1) {
            val[m] = this.value(m, K) / Math.max(c.hours[m]!, 1e-6);
            if (val[m] <= TINY) {
              act[i] = act[--na]!;
              continue;
            }
          }
          if (d & 2) feas[m] = this.feasible(m, K) ? 1 : 0;
        }
        i++;
        const r = val[m]!;
        if (feas[m]) {
          if (r > bestRatio || (r === bestRatio && m < best)) {
            bestRatio = r;
            best = m;
          }
        } else if (lookahead && failedAt[m]! < room - EPS && (nt < cap || r > topR[nt - 1]!)) {
          // Insert into the sorted top list (ties: lower index first).
          let j = nt < cap ? nt++ : cap - 1;
          while (j > 0 && (topR[j - 1]! < r || (topR[j - 1] === r && topM[j - 1]! > m))) {
            topR[j] = topR[j - 1]!;
            topM[j] = topM[j - 1]!;
            j--;
          }
          topR[j] = r;
          topM[j] = m;
        }
      }
      let bestBundle: Bundle | null = null;
      if (nt > 0 && !(bundlesOnlyWhenStuck && best >= 0)) {
        // Bundles for the blocked modules with the highest own reduction per hour only.
        let found = 0;
        for (let i = 0; i < nt; i++) {
          if (topR[i]! <= bestRatio || found >= bundlesPerStep) break;
          const head = topM[i]!;
          let b: Bundle | null = null;
          const hit = cached.get(head);
          if (
            hit &&
            hit.K === K &&
            hit.b.hours <= left - used + EPS &&
            hit.foot.every((s) => touched[s]! <= hit.stamp) &&
            hit.b.mods.every((m) => !this.inPlan[m])
          )
            b = hit.b;
          else {
            b = this.bundle(head, K, left - used);
            if (!b) {
              // Not retried in this call unless more hours are left (rarely so: the budget only shrinks).
              failedAt[head] = left - used;
              continue;
            }
            cached.set(head, { b, K, stamp: this.clock, foot: this.footprint(b.mods) });
          }
          found++;
          const r = b.value / Math.max(b.hours, 1e-6);
          if (r > bestRatio) {
            bestRatio = r;
            bestBundle = b;
          }
        }
      }
      const mods = bestBundle ? bestBundle.mods : best >= 0 ? [best] : null;
      if (!mods) return used;
      for (const m of mods) {
        this.apply(m, K);
        this.inPlan[m] = 1;
        plan.push(m);
        used += c.hours[m]!;
        for (let j = c.gainStart[m]!; j < c.gainStart[m + 1]!; j++) {
          const s = c.gainSkill[j]!;
          touched[s] = ++this.clock; // for the bundle cache
          for (let k = c.teachStart[s]!; k < c.teachStart[s + 1]!; k++) dirty[c.teachModule[k]!]! |= 1;
          for (let k = c.gatedStart[s]!; k < c.gatedStart[s + 1]!; k++) {
            const g = c.gatedModule[k]!;
            if (!feas[g]) dirty[g]! |= 2;
          }
        }
      }
    }
  }

  /** Records that module m changed K (added or removed), for the bundle cache. */
  track(m: number): void {
    const c = this.c;
    for (let j = c.gainStart[m]!; j < c.gainStart[m + 1]!; j++) this.touchedAt[c.gainSkill[j]!] = ++this.clock;
  }

  /** The skills a bundle depends on: those its modules teach and their thresholds. */
  private footprint(mods: readonly number[]): number[] {
    const c = this.c;
    const out: number[] = [];
    for (const m of mods) {
      for (let j = c.gainStart[m]!; j < c.gainStart[m + 1]!; j++) out.push(c.gainSkill[j]!);
      for (let j = c.gateStart[m]!; j < c.gateStart[m + 1]!; j++) out.push(c.gateSkill[j]!);
    }
    return out;
  }

  /**
   * Takes every module of `mods` that can start, in some order, applying it to K and marking it in
   * `reach` (a module waits for the count of its thresholds below level to reach 0: O(size)).
   */
  closure(K: Float64Array, mods: readonly number[]): void {
    const c = this.c;
    const unmet = this.unmet;
    const inSet = this.mark;
    const queue: number[] = [];
    for (const m of mods) {
      inSet[m] = 1;
      let n = 0;
      for (let k = c.gateStart[m]!; k < c.gateStart[m + 1]!; k++)
        if (K[c.gateSkill[k]!]! < this.theta[c.gateSkill[k]!]! - EPS) n++;
      unmet[m] = n;
      if (n === 0) queue.push(m);
    }
    for (let q = 0; q < queue.length; q++) {
      const m = queue[q]!;
      this.reach[m] = 1;
      for (let j = c.gainStart[m]!; j < c.gainStart[m + 1]!; j++) {
        const s = c.gainSkill[j]!;
        const was = K[s]!;
        K[s] = was + c.gainAmount[j]!;
        const th = this.theta[s]! - EPS;
        if (was >= th || K[s] < th) continue;
        for (let k = c.gatedStart[s]!; k < c.gatedStart[s + 1]!; k++) {
          const x = c.gatedModule[k]!;
          if (inSet[x] && unmet[x]! > 0 && --unmet[x]! === 0) queue.push(x);
        }
      }
    }
    for (const m of mods) inSet[m] = 0;
  }

  /** The modules that can never start when taking the others in some order from K. */
  unorderable(K: Float64Array, mods: readonly number[]): number[] {
    const S = this.S;
    S.set(K);
    let pending = [...mods];
    while (pending.length) {
      const rest: number[] = [];
      for (const m of pending) {
        if (this.feasible(m, S)) this.apply(m, S);
        else rest.push(m);
      }
      if (rest.length === pending.length) return rest;
      pending = rest;
    }
    return [];
  }

  /** Whether the modules can be taken in some order from K (each may start when taken). */
  orderable(K: Float64Array, mods: readonly number[]): boolean {
    const S = this.S;
    S.set(K);
    let pending = [...mods];
    while (pending.length) {
      const rest: number[] = [];
      for (const m of pending) {
        if (this.feasible(m, S)) this.apply(m, S);
        else rest.push(m);
      }
      if (rest.length === pending.length) return false;
      pending = rest;
    }
    return true;
  }

  /**
   * Local improvement of the free part of a plan (`free`, applied to K on top of `base`) within
   * `budget` hours: prune, add, best 1-for-1 swap, drop-and-refill; until no move helps.
   */
  improve(
    base: Float64Array,
    K: Float64Array,
    free: number[],
    cands: readonly number[],
    budget: number,
    lookahead: boolean,
  ): void {
    const c = this.c;
    let hours = 0;
    for (const m of free) hours += c.hours[m]!;
    const needsGate = new Uint8Array(this.n);
    /** Modules of the plan whose removal could make another unable to start. */
    const critical = (a: number) => {
      for (let j = c.gainStart[a]!; j < c.gainStart[a + 1]!; j++) if (needsGate[c.gainSkill[j]!]) return true;
      return false;
    };
    const refreshGates = () => {
      needsGate.fill(0);
      for (const m of free)
        for (let k = c.gateStart[m]!; k < c.gateStart[m + 1]!; k++) {
          const g = c.gateSkill[k]!;
          if (base[g]! < this.theta[g]! - EPS) needsGate[g] = 1;
        }
    };
    const remove = (a: number) => {
      free.splice(free.indexOf(a), 1);
      this.apply(a, K, -1);
      this.track(a);
      this.inPlan[a] = 0;
      hours -= c.hours[a]!;
    };
    const add = (b: number) => {
      free.push(b);
      this.apply(b, K);
      this.track(b);
      this.inPlan[b] = 1;
      hours += c.hours[b]!;
    };
    /** Whether removing `a` from K leaves one of `skills` below its threshold. */
    const lowersAny = (a: number, skills: ReadonlySet<number>, K: Float64Array) => {
      for (let j = c.gainStart[a]!; j < c.gainStart[a + 1]!; j++) {
        const s = c.gainSkill[j]!;
        if (skills.has(s) && K[s]! - c.gainAmount[j]! < this.theta[s]! - EPS) return true;
      }
      return false;
    };
    /** Drops the modules that reduce nothing and that no other module needs to start. */
    const prune = () => {
      let pruned = false;
      refreshGates();
      for (const a of [...free]) {
        if (this.loss(a, K) > TINY) continue;
        remove(a);
        if (critical(a) && !this.orderable(base, free)) add(a);
        else pruned = true;
      }
      return pruned;
    };
    // After the first round, a move runs again only if it helped in the round before.
    let runSwap = true;
    let runRefill = true;
    let runRoom = true;
    for (let round = 0; ; round++) {
      // 1. Prune.
      let changed = prune();
      if (round === MAX_ROUNDS) break;
      // 2. Add what fits.
      if (budget - hours > EPS) {
        const added: number[] = [];
        hours += this.greedy(K, cands, budget - hours, added, lookahead);
        if (added.length) {
          free.push(...added);
          changed = true;
        }
      }
      // 3. Best 1-for-1 swap. Removing a module lowers K, so only modules that may start now can
      // come in (here and in 4).
      refreshGates();
      let addable = cands.filter((b) => !this.inPlan[b] && this.feasible(b, K));
      let bestDelta = TINY * 10;
      let bestA = -1;
      let bestB = -1;
      for (const a of runSwap ? free : []) {
        if (critical(a)) continue;
        const cap = budget - hours + c.hours[a]! + EPS;
        const la = this.loss(a, K);
        this.apply(a, K, -1);
        for (const b of addable) {
          if (this.inPlan[b] || c.hours[b]! > cap) continue;
          const v = this.value(b, K);
          if (v - la <= bestDelta) continue;
          if (!this.feasible(b, K)) continue;
          bestDelta = v - la;
          bestA = a;
          bestB = b;
        }
        this.apply(a, K);
      }
      runSwap = bestA >= 0;
      if (bestA >= 0) {
        remove(bestA);
        add(bestB);
        changed = true;
        addable = cands.filter((b) => !this.inPlan[b] && this.feasible(b, K));
      }
      // 4. Drop and refill, for the DROP_TRIES modules that reduce least per hour.
      refreshGates();
      const lossRate = new Map<number, number>();
      for (const a of free) lossRate.set(a, this.loss(a, K) / Math.max(c.hours[a]!, 1e-6));
      const tries = [...free].sort((x, y) => lossRate.get(x)! - lossRate.get(y)! || x - y);
      if (tries.length > DROP_TRIES) tries.length = DROP_TRIES;
      if (!runRefill) tries.length = 0;
      runRefill = false;
      for (const a of tries) {
        if (!this.inPlan[a]) continue;
        const before = this.gap(K);
        remove(a);
        if (critical(a) && !this.orderable(base, free)) {
          add(a);
          continue;
        }
        this.inPlan[a] = 1; // not re-added by the refill
        const refill: number[] = [];
        const used = this.greedy(K, addable, budget - hours, refill, false);
        this.inPlan[a] = 0;
        if (this.gap(K) < before - TINY * 10) {
          hours += used;
          free.push(...refill);
          changed = true;
          runRefill = true;
          refreshGates();
          addable = cands.filter((b) => !this.inPlan[b] && this.feasible(b, K));
        } else {
          for (const b of refill) {
            this.apply(b, K, -1);
            this.track(b);
            this.inPlan[b] = 0;
          }
          add(a);
        }
      }
      // 5. Make room for a module that does not fit (with its unlocking modules when it cannot
      // start yet, if `lookahead`), for the HEADS_PER_ROUND largest reductions: drop planned
      // modules (below), add it, refill what is left greedily; kept only if the gap falls.
      refreshGates();
      const heads: number[] = [];
      const headValue: number[] = [];
      for (const h of cands) {
        if (this.inPlan[h]) continue;
        const v = this.value(h, K);
        if (v <= TINY) continue;
        if (this.feasible(h, K) ? c.hours[h]! <= budget - hours + EPS : !lookahead) continue;
        heads.push(h);
        headValue[h] = v;
      }
      heads.sort((x, y) => headValue[y]! - headValue[x]! || x - y);
      if (heads.length > HEADS_PER_ROUND) heads.length = HEADS_PER_ROUND;
      if (!runRoom) heads.length = 0;
      runRoom = false;
      for (const head of heads) {
        if (this.inPlan[head]) continue;
        const feasible = this.feasible(head, K);
        const whole = feasible
          ? { mods: [head], hours: c.hours[head]!, value: this.value(head, K) }
          : this.bundle(head, K, budget);
        if (!whole || whole.hours <= budget - hours + EPS) continue;
        const keep = new Set<number>();
        for (const m of whole.mods)
          for (let k = c.gateStart[m]!; k < c.gateStart[m + 1]!; k++) keep.add(c.gateSkill[k]!);
        const byRate = free
          .map((a) => {
            const l = this.loss(a, K);
            return { a, l, last: lowersAny(a, keep, K), rate: l / Math.max(c.hours[a]!, 1e-6) };
          })
          .sort((x, y) => Number(x.last) - Number(y.last) || x.rate - y.rate || x.a - y.a);
        const before = this.gap(K);
        // What to drop: the least-reducing modules per hour until the newcomers fit, or the one
        // module that frees enough alone at the smallest loss, whichever loses less.
        const slack = budget - hours;
        let freed = slack;
        let n = 0;
        let lost = 0;
        while (n < byRate.length && freed + EPS < whole.hours) {
          freed += c.hours[byRate[n]!.a]!;
          lost += byRate[n++]!.l;
        }
        let drop = byRate.slice(0, n).map((x) => x.a);
        for (const x of byRate)
          if (slack + c.hours[x.a]! + EPS >= whole.hours && (x.l < lost || freed + EPS < whole.hours)) {
            drop = [x.a];
            lost = x.l;
            freed = slack + c.hours[x.a]!;
          }
        if (freed + EPS < whole.hours) continue;
        // An optimistic estimate first (drop; the newcomers' reduction; the hours left over at the
        // best reduction per hour then available; put back): the move is tried only if it may gain.
        for (const a of drop) this.apply(a, K, -1);
        const dropGap = this.gap(K);
        let est = -1;
        let estHours = whole.hours;
        if (this.feasible(head, K)) est = this.value(head, K);
        else if (lookahead) {
          const b = this.bundle(head, K, freed);
          if (b) {
            est = b.value;
            estHours = b.hours;
          }
        }
        let rate = 0;
        if (est >= 0 && freed - estHours > EPS)
          for (const b of cands)
            if ((!this.inPlan[b] || drop.includes(b)) && b !== head && this.feasible(b, K))
              rate = Math.max(rate, this.value(b, K) / Math.max(c.hours[b]!, 1e-6));
        for (const a of drop) this.apply(a, K);
        // (No estimate when the newcomers need more room than the drop gives; the move decides.)
        if (est >= 0 && dropGap - est - Math.max(0, freed - estHours) * rate >= before - TINY * 10) continue;
        // The move: drop (and whatever can then no longer start), add, refill; keep if better.
        const dropped: number[] = [];
        for (const a of drop) {
          remove(a);
          dropped.push(a);
        }
        for (const a of this.unorderable(base, free)) {
          remove(a);
          dropped.push(a);
        }
        const b = this.bundle(head, K, budget - hours);
        const added: number[] = [];
        if (b) {
          for (const m of b.mods) add(m);
          hours += this.greedy(K, cands, budget - hours, added, lookahead);
          free.push(...added);
          added.push(...b.mods);
          if (this.gap(K) < before - TINY * 10) {
            changed = true;
            runRoom = true;
            refreshGates();
            continue;
          }
        }
        for (const m of added) remove(m);
        for (const a of dropped) add(a);
      }
      if (!changed) break;
    }
  }
}

/** Weighted shortfall Σ w·max(0, T − K)² of a mastery map against targets (missing K = 0). */
export function weightedShortfall(
  mastery: Readonly<Record<string, number>>,
  targets: Readonly<Record<string, PathTarget>>,
): number {
  let f = 0;
  for (const [s, t] of Object.entries(targets)) {
    const d = t.target - Math.min(1, mastery[s] ?? 0);
    if (d > 0) f += t.weight * d * d;
  }
  return f;
}

interface Budget {
  hours: number;
  /** Which limit binds: the budget or the deadline. */
  by: 'budget' | 'deadline' | 'none';
  weeks: number | null;
}

function budgetOf(l: LearnerPathInput, warnings: PathWarning[]): Budget {
  let weeks: number | null = null;
  if (l.deadlineWeeks !== undefined) weeks = l.deadlineWeeks;
  else if (l.startDate !== undefined && l.endDate !== undefined)
    weeks = (Date.parse(l.endDate) - Date.parse(l.startDate)) / (7 * 86_400_000);
  const budget = l.budgetHours ?? Infinity;
  if (weeks !== null && l.hoursPerWeek === undefined) {
    warnings.push({
      code: 'deadline-without-pace',
      message: {
        'en-US': 'A deadline was given without hours per week; only the budget limits the plan.',
        'zh-CN': '给出了截止日期但没有每周学习时长；计划只受总时长预算限制。',
      },
      details: { weeks },
    });
  }
  if (weeks !== null && weeks <= 0) {
    warnings.push({
      code: 'deadline-passed',
      message: {
        'en-US': 'The deadline has passed: no time is left for a plan.',
        'zh-CN': '截止日期已过：没有剩余时间可安排学习。',
      },
      details: { weeks },
    });
    return { hours: 0, by: 'deadline', weeks };
  }
  if (weeks !== null && l.hoursPerWeek !== undefined) {
    const t = l.hoursPerWeek * weeks;
    if (t < budget) return { hours: t, by: 'deadline', weeks };
  }
  return { hours: budget, by: Number.isFinite(budget) ? 'budget' : 'none', weeks };
}

/**
 * Plans learning paths for many learners on one catalog: the catalog is compiled once, then
 * `plan(learner)` per person. Holds no per-learner state, so one instance (or one per worker
 * thread, built from the same `PathCatalogInput`) serves any number of learners.
 */
export class PathPlanner {
  readonly catalog: PathCatalog;
  /** Per-learner working memory, reused (a planner plans one learner at a time). */
  private scratch: Run | undefined;

  constructor(catalog: PathCatalog | PathCatalogInput) {
    this.catalog = catalog instanceof PathCatalog ? catalog : new PathCatalog(catalog);
  }

  /** The heuristic plan (greedy with look-ahead + local improvement). Throws PathPlanError on bad input. */
  plan(learner: LearnerPathInput, options: PlanOptions = {}): PathPlan {
    return this.run(learner, options, false);
  }

  /**
   * The optimal plan by exhaustive search over every subset of the relevant modules (after the
   * pinned ones) that fits the budget and can be ordered; ties go to fewer hours. For tests and
   * tiny catalogs: throws RangeError above EXHAUSTIVE_MAX_MODULES relevant modules.
   */
  planExhaustive(learner: LearnerPathInput, options: PlanOptions = {}): PathPlan {
    return this.run(learner, options, true);
  }

  private run(learner: LearnerPathInput, options: PlanOptions, exhaustive: boolean): PathPlan {
    const c = this.catalog;
    const problems = pathRangeProblems({
      budgetHours: learner.budgetHours,
      hoursPerWeek: learner.hoursPerWeek,
      deadlineWeeks: learner.deadlineWeeks,
      startDate: learner.startDate,
      endDate: learner.endDate,
    });
    const r = (this.scratch ??= new Run(c));
    r.load(learner, problems);
    if (problems.length) throw new PathPlanError(problems);
    const warnings: PathWarning[] = [];
    const budget = budgetOf(learner, warnings);
    const lookahead = options.lookahead ?? true;
    // Learner's choices.
    const unknownIds: string[] = [];
    const idx = (id: string) => {
      const m = c.moduleIndex.get(id);
      if (m === undefined && !unknownIds.includes(id)) unknownIds.push(id);
      return m;
    };
    for (const id of learner.skipped ?? []) {
      const m = idx(id);
      if (m !== undefined) r.skipped[m] = 1;
    }
    const pinned: number[] = [];
    for (const id of learner.pinned ?? []) {
      const m = idx(id);
      if (m === undefined || pinned.includes(m)) continue;
      if (r.skipped[m]) {
        warnings.push({
          code: 'pinned-skipped',
          message: {
            'en-US': `${c.moduleTitles[m]} is both pinned and skipped; it is skipped.`,
            'zh-CN': `「${c.moduleTitles[m]}」既被固定又被跳过；按跳过处理。`,
          },
          details: { module: id },
        });
        continue;
      }
      pinned.push(m);
    }
    const orderRank = new Map<number, number>();
    for (const id of learner.order ?? []) {
      const m = idx(id);
      if (m !== undefined && !orderRank.has(m)) orderRank.set(m, orderRank.size);
    }
    if (unknownIds.length)
      warnings.push({
        code: 'unknown-module',
        message: {
          'en-US': `Unknown modules ignored: ${unknownIds.join(', ')}.`,
          'zh-CN': `已忽略未知模块：${unknownIds.join('、')}。`,
        },
        details: { modules: unknownIds },
      });

    // 1. Pinned prefix (with its unlocking steps).
    const K = Float64Array.from(r.K0);
    r.S.set(K);
    const prefix: number[] = [];
    const pinnedSet = new Set<number>();
    let prefixHours = 0;
    if (pinned.length) {
      // What can start some day, for the unlocking steps of pinned modules.
      const all: number[] = [];
      for (let m = 0; m < c.moduleCount; m++) if (!r.skipped[m]) all.push(m);
      r.closure(Float64Array.from(K), all);
    }
    for (const m of pinned) {
      if (r.inPlan[m]) {
        pinnedSet.add(m); // already taken to unlock an earlier pinned module
        continue;
      }
      const b = r.feasible(m, K) ? { mods: [m], hours: c.hours[m]! } : r.bundle(m, K, Infinity, 8, 1000);
      if (!b) {
        const blockers: string[] = [];
        for (let k = c.gateStart[m]!; k < c.gateStart[m + 1]!; k++) {
          const g = c.gateSkill[k]!;
          if (K[g]! < r.theta[g]! - EPS) blockers.push(c.skills[g]!);
        }
        const names = blockers.map((s) => c.skillNames[c.skillIndex.get(s)!]!);
        warnings.push({
          code: 'pinned-infeasible',
          message: {
            'en-US': `Pinned ${c.moduleTitles[m]} cannot be planned: no modules bring its prerequisites (${names.join(', ')}) to level.`,
            'zh-CN': `固定的「${c.moduleTitles[m]}」无法安排：没有模块能把其前置技能（${names.join('、')}）提升到要求。`,
          },
          details: { module: c.moduleIds[m]!, blockedBy: blockers },
        });
        continue;
      }
      if (prefixHours + b.hours > budget.hours + EPS) {
        warnings.push({
          code: 'pinned-over-budget',
          message: {
            'en-US': `Pinned ${c.moduleTitles[m]} does not fit in the time available (${h1(b.hours)} h needed, ${h1(Math.max(0, budget.hours - prefixHours))} h left).`,
            'zh-CN': `固定的「${c.moduleTitles[m]}」超出可用时间（需要 ${h1(b.hours)} 小时，剩余 ${h1(Math.max(0, budget.hours - prefixHours))} 小时）。`,
          },
          details: { module: c.moduleIds[m]!, hours: b.hours, left: Math.max(0, budget.hours - prefixHours) },
        });
        continue;
      }
      for (const x of b.mods) {
        r.apply(x, K);
        r.inPlan[x] = 1;
        r.locked[x] = 1;
        prefix.push(x);
        prefixHours += c.hours[x]!;
      }
      pinnedSet.add(m);
    }

    // 2–4. The free part, among the relevant modules that can start some day (the closure:
    // everything that can start, taken; it also gives what unlimited time reaches).
    const base = Float64Array.from(K);
    const closure = Float64Array.from(base);
    const cands: number[] = [];
    r.reach.fill(0);
    {
      const relevant = r.relevant(base);
      r.closure(closure, relevant);
      for (const m of relevant) if (r.reach[m]) cands.push(m);
    }
    // Only modules with a reduction now can ever reduce (K only grows); the others serve as unlocking steps.
    const valued = cands.filter((m) => r.value(m, base) > TINY);
    const left = budget.hours - prefixHours;
    let free: number[] = [];
    if (exhaustive) free = this.exhaustive(r, base, cands, left);
    else {
      r.greedy(K, valued, left, free, lookahead);
      if (options.improve ?? true) r.improve(base, K, free, valued, left, lookahead);
      else {
        // The baseline still drops steps that do nothing.
        for (const a of [...free]) {
          if (r.loss(a, K) > TINY) continue;
          const rest = free.filter((x) => x !== a);
          if (r.orderable(base, rest)) {
            free = rest;
            r.apply(a, K, -1);
            r.inPlan[a] = 0;
          }
        }
      }
    }

    K.set(base);
    for (const m of free) r.apply(m, K);
    r.bundleCache.clear();

    // 5. Order.
    const ordered = this.order(r, base, free, orderRank, warnings);

    const plan = this.explain(r, [...prefix, ...ordered], pinnedSet, learner, options);
    plan.reachableGap = r.gap(closure);
    plan.budgetHours = Number.isFinite(budget.hours) ? budget.hours : null;
    plan.unreachable = this.unreachable(r, closure);
    if (plan.unreachable.length) {
      const list = (loc: PathLocale) =>
        plan.unreachable
          .map(
            (u) =>
              `${u.name} (${REASON_TEXT[u.reason][loc]}${u.blockedBy.length ? ': ' + u.blockedBy.map((s) => c.skillNames[c.skillIndex.get(s)!]).join(loc === 'zh-CN' ? '、' : ', ') : ''})`,
          )
          .join(loc === 'zh-CN' ? '；' : '; ');
      warnings.push({
        code: 'unreachable-targets',
        message: {
          'en-US': `${plan.unreachable.length} target skill${plan.unreachable.length > 1 ? 's' : ''} cannot be reached with this catalog: ${list('en-US')}.`,
          'zh-CN': `${plan.unreachable.length} 个目标技能无法通过现有课程达到：${list('zh-CN')}。`,
        },
        details: { skills: plan.unreachable.map((u) => u.skill) },
      });
    }
    if (plan.expectedGap > plan.reachableGap + 1e-9 && Number.isFinite(budget.hours)) {
      // Continue the plan without a budget: the hours it would take.
      const more: number[] = [];
      const extra = r.greedy(K, valued, Infinity, more, true, 1, true);
      const afterMore = r.gap(K);
      if (afterMore < plan.expectedGap - TINY) {
        plan.hoursNeeded = plan.totalHours + extra;
        warnings.push(this.timeWarning(budget, learner, plan, plan.hoursNeeded, afterMore));
      }
    }
    plan.warnings = warnings;
    return plan;
  }

  private timeWarning(
    budget: Budget,
    l: LearnerPathInput,
    plan: PathPlan,
    needed: number,
    reachable: number,
  ): PathWarning {
    const pace = l.hoursPerWeek;
    const weeksNeeded = pace && pace > 0 ? Math.ceil(needed / pace - 1e-9) : null;
    const byDeadline = budget.by === 'deadline';
    const until = l.endDate ? ` (${l.endDate.slice(0, 10)})` : '';
    const en = byDeadline
      ? `The ${h1(budget.hours)} h until the deadline${until} (${h1(pace ?? 0)} h/week × ${h1(budget.weeks ?? 0)} weeks) are not enough`
      : `The budget of ${h1(budget.hours)} h is not enough`;
    const zh = byDeadline
      ? `截至期限${until ? `（${l.endDate!.slice(0, 10)}）` : ''}的 ${h1(budget.hours)} 小时（每周 ${h1(pace ?? 0)} 小时 × ${h1(budget.weeks ?? 0)} 周）不够`
      : `${h1(budget.hours)} 小时的预算不够`;
    const wkEn = weeksNeeded !== null ? ` (${weeksNeeded} weeks at ${h1(pace!)} h/week)` : '';
    const wkZh = weeksNeeded !== null ? `（按每周 ${h1(pace!)} 小时约 ${weeksNeeded} 周）` : '';
    return {
      code: byDeadline ? 'deadline-too-short' : 'budget-too-small',
      message: {
        'en-US': `${en}: after the plan the expected gap is still ${f3(plan.expectedGap)} (now ${f3(plan.initialGap)}); bringing it to ${f3(reachable)} needs about ${h1(needed)} h${wkEn}.`,
        'zh-CN': `${zh}：完成计划后预计差距仍为 ${f3(plan.expectedGap)}（当前 ${f3(plan.initialGap)}）；要降到 ${f3(reachable)} 约需 ${h1(needed)} 小时${wkZh}。`,
      },
      details: {
        remainingGap: plan.expectedGap,
        budgetHours: budget.hours,
        hoursNeeded: needed,
        gapWithHoursNeeded: reachable,
        weeksNeeded,
        weeks: budget.weeks,
      },
    };
  }

  private exhaustive(r: Run, base: Float64Array, cands: number[], left: number): number[] {
    const c = this.catalog;
    if (cands.length > EXHAUSTIVE_MAX_MODULES)
      throw new RangeError(`exhaustive search over ${cands.length} modules (at most ${EXHAUSTIVE_MAX_MODULES})`);
    const K = new Float64Array(base.length);
    let best: number[] = [];
    let bestGap = r.gap(base);
    let bestHours = 0;
    const n = cands.length;
    for (let mask = 1; mask < 1 << n; mask++) {
      let hours = 0;
      const set: number[] = [];
      for (let i = 0; i < n; i++)
        if (mask & (1 << i)) {
          set.push(cands[i]!);
          hours += c.hours[cands[i]!]!;
        }
      if (hours > left + EPS) continue;
      K.set(base);
      for (const m of set) r.apply(m, K);
      const g = r.gap(K);
      if (g < bestGap - TINY || (g <= bestGap + TINY && hours < bestHours - EPS)) {
        if (!r.orderable(base, set)) continue;
        best = set;
        bestGap = g;
        bestHours = hours;
      }
    }
    for (const m of best) r.inPlan[m] = 1;
    return best;
  }

  /**
   * Orders a set that can be ordered: among the modules that may start, the next one of the
   * learner's `order` if it may, else the largest expected reduction first (an unlocking module
   * inherits the reduction of the modules it unlocks); ties by catalog order.
   */
  private order(
    r: Run,
    base: Float64Array,
    set: readonly number[],
    rank: ReadonlyMap<number, number>,
    warnings: PathWarning[],
  ): number[] {
    const c = this.catalog;
    if (set.length === 0) return [];
    const K = Float64Array.from(base);
    // Effective priority: own value at base, raised to that of what it helps unlock.
    const n = set.length;
    const eff = set.map((m) => r.value(m, base));
    // helps[i]: the j whose thresholds below level at the start set[i] raises.
    const helps: number[][] = [];
    for (let i = 0; i < n; i++) {
      const a = set[i]!;
      const list: number[] = [];
      for (let j = 0; j < n; j++) {
        const b = set[j]!;
        if (b === a) continue;
        for (let k = c.gateStart[b]!; k < c.gateStart[b + 1]!; k++) {
          const g = c.gateSkill[k]!;
          if (base[g]! < r.theta[g]! - EPS && r.gainOn(a, g) > 0) {
            list.push(j);
            break;
          }
        }
      }
      helps.push(list);
    }
    for (let pass = 0, changed = true; changed && pass < n; pass++) {
      changed = false;
      for (let i = 0; i < n; i++)
        for (const j of helps[i]!)
          if (eff[j]! > eff[i]!) {
            eff[i] = eff[j]!;
            changed = true;
          }
    }
    const remaining = set.map((_, i) => i);
    const out: number[] = [];
    const listed = remaining.filter((i) => rank.has(set[i]!)).sort((a, b) => rank.get(set[a]!)! - rank.get(set[b]!)!);
    let adjusted: string[] | null = null;
    while (remaining.length) {
      const feasible = remaining.filter((i) => r.feasible(set[i]!, K));
      if (feasible.length === 0) {
        out.push(...remaining.map((i) => set[i]!)); // cannot happen for an orderable set
        break;
      }
      let pick = -1;
      const nextListed = listed[0];
      if (nextListed !== undefined && feasible.includes(nextListed)) pick = nextListed;
      else {
        const unlisted = feasible.filter((i) => !rank.has(set[i]!));
        const pool = unlisted.length ? unlisted : feasible;
        if (!unlisted.length) {
          // Only later steps of the learner's order may start: prerequisites win.
          pick = pool.reduce((a, b) => (rank.get(set[a]!)! < rank.get(set[b]!)! ? a : b));
          adjusted ??= [c.moduleIds[set[pick]!]!, c.moduleIds[set[nextListed!]!]!];
        } else {
          for (const i of pool) {
            if (pick < 0 || eff[i]! > eff[pick]! + TINY) pick = i;
            else if (Math.abs(eff[i]! - eff[pick]!) <= TINY) {
              const vi = r.value(set[i]!, K);
              const vp = r.value(set[pick]!, K);
              if (vi > vp + TINY || (Math.abs(vi - vp) <= TINY && set[i]! < set[pick]!)) pick = i;
            }
          }
        }
      }
      remaining.splice(remaining.indexOf(pick), 1);
      const li = listed.indexOf(pick);
      if (li >= 0) listed.splice(li, 1);
      r.apply(set[pick]!, K);
      out.push(set[pick]!);
    }
    if (adjusted) {
      const [a, b] = adjusted as [string, string];
      const ta = c.moduleTitles[c.moduleIndex.get(a)!]!;
      const tb = c.moduleTitles[c.moduleIndex.get(b)!]!;
      warnings.push({
        code: 'order-adjusted',
        message: {
          'en-US': `Your order was changed where prerequisites require it: ${ta} comes before ${tb}.`,
          'zh-CN': `因前置要求调整了你的顺序：「${ta}」排在「${tb}」之前。`,
        },
        details: { module: a, before: b },
      });
    }
    return out;
  }

  /** Simulates the ordered plan and writes each step's moves, gaps and reasons. */
  private explain(
    r: Run,
    steps: readonly number[],
    pinned: ReadonlySet<number>,
    l: LearnerPathInput,
    o: PlanOptions,
  ): PathPlan {
    const c = this.catalog;
    const K = Float64Array.from(r.K0);
    const initialGap = r.gap(K);
    const out: PathStep[] = [];
    let cum = 0;
    for (const m of steps) {
      const gapBefore = r.gap(K);
      const moves: SkillMove[] = [];
      for (let j = c.gainStart[m]!; j < c.gainStart[m + 1]!; j++) {
        const s = c.gainSkill[j]!;
        moves.push({
          skill: c.skills[s]!,
          name: c.skillNames[s]!,
          before: Math.min(1, K[s]!),
          after: Math.min(1, K[s]! + c.gainAmount[j]!),
        });
      }
      r.apply(m, K);
      cum += c.hours[m]!;
      out.push({
        module: c.moduleIds[m]!,
        reason: '',
        reasons: { 'zh-CN': '', 'en-US': '' },
        why: { kind: 'pinned' },
        hours: c.hours[m]!,
        cumulativeHours: cum,
        moves,
        gapBefore,
        gapAfter: r.gap(K),
        pinned: pinned.has(m),
      });
    }
    // Reasons, last step first so that an unlocking step can name its unlocked step's target.
    const goal = l.goal;
    /** Per skill, the later steps (descending) that need it at threshold. */
    const gatedLater = new Map<number, number[]>();
    for (let i = steps.length - 1; i >= 0; i--) {
      const m = steps[i]!;
      const step = out[i]!;
      const g0 = c.gainStart[m]!;
      // step.moves[j - g0] is the move of gain entry j (capped before/after, as reasons show them).
      // Later steps this one helps unlock: it raises one of their thresholds that was below level.
      const unlocks: number[] = [];
      let unlockMove: SkillMove | null = null;
      let firstUnlocked = Infinity;
      for (let e = g0; e < c.gainStart[m + 1]!; e++) {
        const g = c.gainSkill[e]!;
        const later = gatedLater.get(g);
        if (!later || step.moves[e - g0]!.before >= r.theta[g]! - EPS) continue;
        for (const j of later) if (!unlocks.includes(j)) unlocks.push(j);
        // `later` is in descending order: its last entry is the first later step with gate g.
        if (later.at(-1)! < firstUnlocked) {
          firstUnlocked = later.at(-1)!;
          unlockMove = step.moves[e - g0]!;
        }
      }
      unlocks.sort((a, b) => a - b);
      for (let k = c.gateStart[m]!; k < c.gateStart[m + 1]!; k++) {
        const g = c.gateSkill[k]!;
        const later = gatedLater.get(g);
        if (later) later.push(i);
        else gatedLater.set(g, [i]);
      }
      // The target skill with the largest weighted reduction.
      let main: SkillMove | null = null;
      let mainT = 0;
      let mainV = TINY;
      const also: SkillMove[] = [];
      for (let e = g0; e < c.gainStart[m + 1]!; e++) {
        const s = c.gainSkill[e]!;
        const t = r.T[s]!;
        const mv = step.moves[e - g0]!;
        if (t < 0 || mv.before >= t) continue;
        const d0 = t - mv.before;
        const d1 = Math.max(0, t - mv.after);
        const v = r.W[s]! * (d0 * d0 - d1 * d1);
        if (v > mainV) {
          if (main) also.push(main);
          main = mv;
          mainT = t;
          mainV = v;
        } else if (v > TINY) also.push(mv);
      }
      const unlockIds = unlocks.map((j) => c.moduleIds[steps[j]!]!);
      const unlockTitles = unlocks.map((j) => c.moduleTitles[steps[j]!]!);
      if (main) {
        const mv = main;
        step.why = {
          kind: 'gap',
          skill: mv.skill,
          from: mv.before,
          to: mv.after,
          target: mainT,
          also,
          unlocks: unlockIds,
        };
        const alsoEn = also.map((a) => `${a.name} ${f2(a.before)} → ≈${f2(a.after)}`).join(', ');
        const alsoZh = also.map((a) => `「${a.name}」${f2(a.before)} → ≈${f2(a.after)}`).join('、');
        step.reasons = {
          'en-US':
            `closes the gap on ${mv.name} from ${f2(mv.before)} to ≈${f2(mv.after)} (target ${f2(mainT)})` +
            (also.length ? `; also ${alsoEn}` : '') +
            (unlocks.length ? `; unlocks ${unlockTitles.join(', ')}` : '') +
            (goal ? `; needed for ${goal}` : ''),
          'zh-CN':
            `缩小「${mv.name}」的差距：${f2(mv.before)} → ≈${f2(mv.after)}（目标 ${f2(mainT)}）` +
            (also.length ? `；同时提升${alsoZh}` : '') +
            (unlocks.length ? `；解锁${unlockTitles.map((t) => `「${t}」`).join('、')}` : '') +
            (goal ? `；为「${goal}」所需` : ''),
        };
      } else if (unlockMove) {
        const first = out[unlocks[0]!]!.why;
        const forTarget = first.kind === 'gap' ? first.skill : first.kind === 'unlock' ? first.forTarget : null;
        const { before: from, after: to, name: gName } = unlockMove;
        step.why = { kind: 'unlock', skill: unlockMove.skill, from, to, unlocks: unlockIds, forTarget };
        const ft = forTarget === null ? null : c.skillNames[c.skillIndex.get(forTarget)!]!;
        step.reasons = {
          'en-US':
            `raises the prerequisite ${gName} from ${f2(from)} to ≈${f2(to)} to unlock ${unlockTitles.join(', ')}` +
            (ft ? `, which closes the gap on ${ft}` : '') +
            (goal && ft ? `; needed for ${goal}` : ''),
          'zh-CN':
            `把前置技能「${gName}」从 ${f2(from)} 提升到 ≈${f2(to)}，以解锁${unlockTitles.map((t) => `「${t}」`).join('、')}` +
            (ft ? `，用于缩小「${ft}」的差距` : '') +
            (goal && ft ? `；为「${goal}」所需` : ''),
        };
      } else {
        step.why = { kind: 'pinned' };
        step.reasons = { 'en-US': 'pinned by you', 'zh-CN': '由你固定' };
      }
      step.reason = step.reasons[o.locale ?? 'en-US'];
    }
    return {
      steps: out,
      expectedGap: r.gap(K),
      initialGap,
      reachableGap: 0,
      totalHours: cum,
      budgetHours: null,
      hoursNeeded: null,
      warnings: [],
      unreachable: [],
    };
  }

  private unreachable(r: Run, closure: Float64Array): UnreachableTarget[] {
    const c = this.catalog;
    const out: UnreachableTarget[] = [];
    for (const s of r.targetList) {
      const t = r.T[s]!;
      if (r.K0[s]! >= t - EPS || Math.min(1, closure[s]!) >= t - EPS) continue;
      let reason: UnreachableReason;
      const blockedBy: string[] = [];
      const teachers = Array.from(c.teachModule.subarray(c.teachStart[s], c.teachStart[s + 1]));
      if (teachers.length === 0) reason = 'no-module';
      else if (teachers.every((m) => r.skipped[m])) reason = 'skipped';
      else if (closure[s]! <= r.K0[s]! + EPS) {
        reason = 'prerequisites';
        for (const m of teachers) {
          if (r.skipped[m]) continue;
          for (let k = c.gateStart[m]!; k < c.gateStart[m + 1]!; k++) {
            const g = c.gateSkill[k]!;
            if (closure[g]! < r.theta[g]! - EPS && !blockedBy.includes(c.skills[g]!)) blockedBy.push(c.skills[g]!);
          }
        }
      } else reason = 'insufficient-gain';
      out.push({
        skill: c.skills[s]!,
        name: c.skillNames[s]!,
        target: t,
        mastery: r.K0[s]!,
        reachable: Math.min(1, closure[s]!),
        reason,
        blockedBy,
      });
    }
    return out;
  }
}

const REASON_TEXT: Record<UnreachableReason, Bilingual> = {
  'no-module': { 'en-US': 'no module teaches it', 'zh-CN': '没有模块教授' },
  skipped: { 'en-US': 'only skipped modules teach it', 'zh-CN': '教授它的模块都被跳过' },
  prerequisites: { 'en-US': 'its prerequisites cannot be met', 'zh-CN': '前置要求无法满足' },
  'insufficient-gain': { 'en-US': 'the modules do not raise it far enough', 'zh-CN': '现有模块提升不足' },
};

/** Plans one learner's path (compiles the catalog each time: for many learners use `PathPlanner`). */
export function planPath(input: PathPlanInput, options: PlanOptions = {}): PathPlan {
  return new PathPlanner(input).plan(input, options);
}

/** The exhaustive-search optimum for one small input (see `PathPlanner.planExhaustive`). */
export function planPathExhaustive(input: PathPlanInput, options: PlanOptions = {}): PathPlan {
  return new PathPlanner(input).planExhaustive(input, options);
}
