/**
 * Course recommendations (issue 5, ADR 0013): the engine's collaborative model trained on this
 * organisation's enrolments, blended with gap-based content matching (courses whose modules teach
 * the points where the learner falls short of their targets). Cold start: a person with no
 * enrolments gets what their position and department peers took; a course nobody has taken yet
 * is still found through its knowledge points. Every item says why.
 *
 * The model (the engine's `fitRecommender`, ADR 0011, with its default configuration) is a cache of
 * derived data, per process: it is refitted when the enrolments changed (checked at most once a
 * minute), at most once in ten minutes, while the previous model goes on serving.
 */
import type {
  Bilingual,
  RecommendationEventBody,
  RecommendationItem,
  RecommendationList,
  RecommendationReport,
  RecommendationReportQuery,
} from '@xueli/contracts';
import { IdIndex, userItemMatrix, type ItemModel } from '@xueli/engine';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { invalid, notFound } from '../../lib/errors.ts';
import { canViewCourse, requireEmployee } from '../catalog/policy.ts';
import { todayUtc } from '../catalog/present.ts';
import { effectiveTargets } from '../skills/targets.service.ts';
import { masteryMatrix } from '../skills/mastery.service.ts';
import * as repo from './recommend.repo.ts';
import { fitRecommenderOffThread } from './recommend.worker.ts';

interface Trained {
  watermark: string;
  checkedAt: number;
  fittedAt: number;
  model: ItemModel;
  /** Course ids ↔ item indices. */
  courses: IdIndex;
}

let trained: Trained | null = null;
let training: Promise<Trained> | null = null;
/** How long a trained model is used before the enrolments are checked for changes. */
export const RECHECK_MS = 60_000;
/**
 * The least time between two fits. A refit starts on the request that finds the model stale, runs on
 * a worker thread for a large catalogue (1–2 s for 1,200 courses; `recommend.worker.ts`), and the
 * current model is served until it is done; only the first fit of a process is waited for.
 */
export const REFIT_MIN_MS = 10 * 60_000;

async function currentModel(db: Db): Promise<Trained> {
  const now = Date.now();
  if (trained && now - trained.checkedAt < RECHECK_MS) return trained;
  const watermark = await repo.enrollmentWatermark(db);
  if (trained && (trained.watermark === watermark || now - trained.fittedAt < REFIT_MIN_MS)) {
    trained.checkedAt = now;
    return trained;
  }
  // One fit at a time; concurrent requests share it.
  const fit = (training ??= fitModel(db, watermark).finally(() => {
    training = null;
  }));
  if (trained) {
    // A model is at hand: serve it while its successor is fitted (a failed fit keeps it, and is
    // tried again at the next check).
    const current = trained;
    current.checkedAt = now;
    fit.then(
      (next) => {
        if (trained === current) trained = next;
      },
      () => undefined,
    );
    return current;
  }
  trained = await fit;
  return trained;
}

async function fitModel(db: Db, watermark: string): Promise<Trained> {
  const pairs = await repo.allEnrollmentPairs(db);
  const courses = new IdIndex();
  const users = new IdIndex();
  const u = new Int32Array(pairs.length);
  const i = new Int32Array(pairs.length);
  for (const c of await repo.publishedCourseIds(db)) courses.add(String(c));
  pairs.forEach((p, k) => {
    u[k] = users.add(String(p.employeeId));
    i[k] = courses.add(String(p.courseId));
  });
  const m = userItemMatrix({ user: u, item: i }, { users: users.size, items: courses.size });
  return { watermark, checkedAt: Date.now(), fittedAt: Date.now(), model: await fitRecommenderOffThread(m), courses };
}

/** Tests: makes the model look `ms` older, as if its checks and fit were that long ago. */
export function ageRecommender(ms: number): void {
  if (!trained) return;
  trained.checkedAt -= ms;
  trained.fittedAt -= ms;
}

/** Tests: resolves when no fit is running (a background refit has replaced the model). */
export async function recommenderSettled(): Promise<void> {
  await training?.catch(() => undefined);
}

/** Forgets the trained model (tests; after a restore). */
export function resetRecommender(): void {
  trained = null;
}

const GAP_WEIGHT = 0.5;

/**
 * Recommendations for the caller: on the learner home (`courseId` absent) or beside a course
 * (its neighbours count as if the caller held it). Logs one impression per item shown.
 */
export async function recommendationsFor(deps: Deps, props: { actor: Actor; courseId?: number | undefined; limit: number }): Promise<RecommendationList> {
  const employeeId = requireEmployee(props.actor);
  const db = deps.db;
  if (props.courseId !== undefined) {
    const c = await repo.courseStatus(db, props.courseId);
    if (!c || !canViewCourse(props.actor, c, false)) throw notFound('course', props.courseId);
  }
  const [t, held, me, published] = await Promise.all([currentModel(db), repo.coursesOf(db, employeeId), repo.employeeInfo(db, employeeId), repo.publishedCourses(db)]);
  if (!me) throw notFound('employee', employeeId);
  const n = t.model.items;
  const idx = (courseId: number) => t.courses.get(String(courseId));
  const userItems = [...held, ...(props.courseId !== undefined ? [props.courseId] : [])].map(idx).filter((x): x is number => x !== undefined);
  const publishedIdx = new Set(published.map((c) => idx(c.id)).filter((x): x is number => x !== undefined));
  const exclude: number[] = [];
  for (let k = 0; k < n; k++) if (!publishedIdx.has(k)) exclude.push(k);

  // Gap-based content matching: Σ over the course's points of the learner's shortfall.
  const targets = (await effectiveTargets(db, [employeeId])).get(employeeId) ?? [];
  const courseKps = await repo.courseKps(db);
  const K = await masteryMatrix(db, [employeeId], targets.map((x) => x.kpId));
  const shortfall = new Map(targets.map((x) => [x.kpId, { s: x.weight * Math.max(0, x.target - K.get(employeeId, x.kpId)) ** 2, name: { zh: x.kpName, en: x.kpNameEn ?? x.kpName } }]));
  const gap = new Float64Array(n);
  const gapTop = new Map<number, Bilingual>();
  for (const [courseId, kps] of courseKps) {
    const k = idx(courseId);
    if (k === undefined) continue;
    let best = 0;
    for (const kp of kps) {
      const s = shortfall.get(kp)?.s ?? 0;
      gap[k]! += s;
      if (s > best) {
        best = s;
        gapTop.set(k, shortfall.get(kp)!.name);
      }
    }
  }
  // Cold start: peers in the same position and department.
  const cold = new Float64Array(n);
  const peers = userItems.length === 0 ? await repo.peerCounts(db, me.positionId, me.departmentId, employeeId) : [];
  for (const p of peers) {
    const k = idx(p.courseId);
    if (k !== undefined) cold[k] = p.samePosition * 2 + p.sameDepartment + t.model.popularity[k]! * 1e-3;
  }
  const base = userItems.length ? t.model.scores(userItems) : cold;
  const scale = Math.max(1e-9, ...base);
  const gapMax = Math.max(0, ...gap);
  const extra = gapMax > 0 ? gap.map((g) => (GAP_WEIGHT * scale * g) / gapMax) : undefined;
  const recs = t.model.recommend(userItems, props.limit, { exclude, extraScores: extra, coldStart: cold.some((x) => x > 0) ? cold : undefined });

  const titles = new Map(published.map((c) => [c.id, c]));
  const items: RecommendationItem[] = [];
  for (const r of recs) {
    if (!(r.score > 0)) continue;
    const courseId = Number(t.courses.ids[r.item]);
    const c = titles.get(courseId);
    if (!c) continue;
    const reasons: Bilingual[] = [];
    const why = userItems.length ? t.model.explain(userItems, r.item) : null;
    const because = why ? titles.get(Number(t.courses.ids[why.because])) : undefined;
    if (because) {
      reasons.push({ zh: `学过《${because.title}》的同事也学了这门课`, en: `Colleagues who took "${because.titleEn ?? because.title}" also took this course` });
    }
    const gapName = gapTop.get(r.item);
    if (gapName) reasons.push({ zh: `覆盖你的能力差距：${gapName.zh}`, en: `Covers your gap in ${gapName.en}` });
    if (!userItems.length && cold[r.item]! > 0) {
      reasons.push({ zh: `在${me.departmentName}和同岗位的同事中很受欢迎`, en: `Popular with colleagues in ${me.departmentNameEn ?? me.departmentName} and in your position` });
    }
    if (!reasons.length) reasons.push({ zh: '全行同事中的热门课程', en: 'Popular across the organisation' });
    items.push({ courseId, title: c.title, titleEn: c.titleEn, category: c.category, score: Math.round((r.score / scale) * 1000) / 1000, reasons });
  }
  const model = `${t.model.name}${extra ? '+gap' : ''}${userItems.length ? '' : '+peers'}`;
  if (items.length) await repo.insertEvents(db, items.map((x, k) => ({ employeeId, courseId: x.courseId, kind: 'impression' as const, surface: props.courseId !== undefined ? 'course' : 'home', rank: k + 1, model })));
  return { items, model };
}

/** Logs a click or dismissal of a recommendation the caller was shown. */
export async function recommendationEventRecorder(deps: Deps, props: { actor: Actor; body: RecommendationEventBody }): Promise<void> {
  const employeeId = requireEmployee(props.actor);
  const c = await repo.courseStatus(deps.db, props.body.courseId);
  if (!c || !canViewCourse(props.actor, c, false)) throw notFound('course', props.body.courseId);
  await repo.insertEvents(deps.db, [{ employeeId, courseId: props.body.courseId, kind: props.body.kind, surface: props.body.surface, rank: props.body.rank ?? null, model: props.body.model ?? '' }]);
}

/** Without `from`, the report covers this many days up to and including `to`. */
export const REPORT_DEFAULT_DAYS = 30;

/**
 * How recommendations fared between two days (UTC, inclusive): impressions (logged when a list is
 * served), clicks and dismissals (reported by the client), and enrolments attributed to a
 * recommendation shown in the 14 days before (logged on enrolment). For L&D and administrators;
 * counts only, no one's individual events.
 */
export async function recommendationReporter(deps: Deps, props: { query: RecommendationReportQuery }): Promise<RecommendationReport> {
  const to = props.query.to ?? todayUtc();
  const from = props.query.from ?? todayUtc(new Date(Date.parse(to) - (REPORT_DEFAULT_DAYS - 1) * 86_400_000));
  if (from > to) throw invalid(`from (${from}) must not be after to (${to})`, { from, to });
  const r = await repo.eventReport(deps.db, from, to);
  const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);
  const withRates = <T extends { impressions: number; clicks: number; enrolments: number }>(x: T) => ({
    ...x,
    ctr: rate(x.clicks, x.impressions),
    enrolRate: rate(x.enrolments, x.impressions),
  });
  return {
    from,
    to,
    totals: withRates(r.totals),
    bySource: r.bySource.map(withRates),
    byRank: r.byRank.map((x) => ({ ...x, ctr: rate(x.clicks, x.impressions) })),
    topCourses: r.topCourses.map(withRates),
  };
}
