/**
 * The exam builder's form values and their mapping to the API: `fromExam` fills the form
 * from an examView, `toCreateBody` / `toUpdateBody` build the request bodies of
 * packages/contracts/src/exams.ts. A published (or archived) exam's content is frozen on the
 * server; only LIVE_FIELDS are sent for it. Server problems (`problems: string[]`) are read
 * by `problemsOf`, and those of one blueprint row or fixed item by `problemsByRow`.
 */
import {
  type AdaptiveSettings,
  type CreateExamBody,
  type DifficultyBand,
  type ExamMode,
  type ExamPurpose,
  type ExamView,
  type FeedbackPolicy,
  type ItemTypeName,
  type UpdateExamBody,
} from '@xueli/contracts';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError } from '../../../api/client.ts';

export interface FixedRow {
  itemId: number;
  points: number;
  stem: string;
  type: ItemTypeName;
  status?: string;
}

export interface BlueprintFormRow {
  knowledgePoints: number[];
  difficulty: DifficultyBand;
  type?: ItemTypeName | null;
  count: number;
  points: number;
}

export type AdaptiveForm = Required<Omit<AdaptiveSettings, 'knowledgePoints'>> & { knowledgePoints: number[] };

export interface ExamFormValues {
  mode: ExamMode;
  purpose: ExamPurpose;
  title: string;
  titleEn?: string | null;
  description?: string | null;
  courseId?: number | null;
  timeLimitMinutes?: number | null;
  opensAt?: Dayjs | null;
  closesAt?: Dayjs | null;
  maxAttempts?: number | null;
  shuffleItems: boolean;
  shuffleOptions: boolean;
  feedback: FeedbackPolicy;
  passPercent: number;
  items: FixedRow[];
  blueprint: BlueprintFormRow[];
  adaptive: AdaptiveForm;
}

export const DEFAULT_ADAPTIVE: AdaptiveForm = {
  knowledgePoints: [],
  seThreshold: 0.35,
  minItems: 5,
  maxItems: 20,
  randomesque: 3,
  passTheta: 0,
};

export const newBlueprintRow = (): BlueprintFormRow => ({
  knowledgePoints: [],
  difficulty: 'any',
  type: null,
  count: 5,
  points: 1,
});

export function defaultValues(mode: ExamMode = 'fixed', purpose: ExamPurpose = 'exam'): ExamFormValues {
  return {
    mode,
    purpose,
    title: '',
    titleEn: '',
    description: '',
    courseId: null,
    timeLimitMinutes: purpose === 'practice' ? null : 30,
    opensAt: null,
    closesAt: null,
    maxAttempts: purpose === 'practice' ? null : 1,
    shuffleItems: true,
    shuffleOptions: true,
    feedback: purpose === 'practice' ? 'immediate' : 'after_submit',
    passPercent: 60,
    items: [],
    blueprint: [newBlueprintRow()],
    adaptive: { ...DEFAULT_ADAPTIVE },
  };
}

export function fromExam(e: ExamView): ExamFormValues {
  return {
    mode: e.mode,
    purpose: e.purpose,
    title: e.title,
    titleEn: e.titleEn ?? '',
    description: e.description,
    courseId: e.courseId,
    timeLimitMinutes: e.timeLimitMinutes,
    opensAt: e.opensAt ? dayjs(e.opensAt) : null,
    closesAt: e.closesAt ? dayjs(e.closesAt) : null,
    maxAttempts: e.maxAttempts,
    shuffleItems: e.shuffleItems,
    shuffleOptions: e.shuffleOptions,
    feedback: e.feedback,
    passPercent: e.passPercent,
    items: e.items.map((i) => ({ itemId: i.itemId, points: i.points, stem: i.stem, type: i.type, status: i.status })),
    blueprint: (e.blueprint ?? []).map((r) => ({
      knowledgePoints: r.knowledgePoints,
      difficulty: r.difficulty,
      type: r.type ?? null,
      count: r.count,
      points: r.points,
    })),
    adaptive: e.adaptive
      ? {
          knowledgePoints: e.adaptive.knowledgePoints,
          seThreshold: e.adaptive.seThreshold,
          minItems: e.adaptive.minItems,
          maxItems: e.adaptive.maxItems,
          randomesque: e.adaptive.randomesque,
          passTheta: e.adaptive.passTheta,
        }
      : { ...DEFAULT_ADAPTIVE },
  };
}

const text = (s: string | null | undefined) => (s ?? '').trim();
const iso = (d: Dayjs | null | undefined) => (d ? d.toISOString() : null);
const orNull = (n: number | null | undefined) => (n === undefined || n === null ? null : n);

/** The fields every exam has, as both create and update take them. */
function commonFields(v: ExamFormValues) {
  return {
    title: text(v.title),
    titleEn: text(v.titleEn),
    description: text(v.description),
    courseId: orNull(v.courseId),
    timeLimitMinutes: orNull(v.timeLimitMinutes),
    opensAt: iso(v.opensAt),
    closesAt: iso(v.closesAt),
    maxAttempts: orNull(v.maxAttempts),
    shuffleItems: v.shuffleItems,
    shuffleOptions: v.shuffleOptions,
    feedback: v.feedback,
    passPercent: v.passPercent,
  };
}

const fixedItems = (v: ExamFormValues) => v.items.map((i) => ({ itemId: i.itemId, points: i.points }));
const blueprintRows = (v: ExamFormValues) =>
  v.blueprint.map((r) => ({
    knowledgePoints: r.knowledgePoints,
    difficulty: r.difficulty,
    ...(r.type ? { type: r.type } : {}),
    count: r.count,
    points: r.points,
  }));
const adaptiveSettings = (v: ExamFormValues) => ({ ...v.adaptive });

export function toCreateBody(v: ExamFormValues): CreateExamBody {
  const { titleEn, description, ...rest } = commonFields(v);
  const common = {
    ...rest,
    purpose: v.purpose,
    ...(titleEn ? { titleEn } : {}),
    ...(description ? { description } : {}),
  };
  switch (v.mode) {
    case 'fixed':
      return { mode: 'fixed', ...common, items: fixedItems(v) };
    case 'blueprint':
      return { mode: 'blueprint', ...common, blueprint: blueprintRows(v) };
    case 'adaptive':
      return { mode: 'adaptive', ...common, adaptive: adaptiveSettings(v) };
  }
}

/** What the server lets a published or archived exam change (exams.service.ts LIVE_FIELDS). */
export const LIVE_FIELDS = [
  'title',
  'titleEn',
  'description',
  'opensAt',
  'closesAt',
  'maxAttempts',
  'feedback',
] as const;

export function toUpdateBody(v: ExamFormValues, exam: Pick<ExamView, 'status' | 'mode'>): UpdateExamBody {
  const common = commonFields(v);
  if (exam.status !== 'draft') {
    const live: Record<string, unknown> = {};
    for (const f of LIVE_FIELDS) live[f] = common[f];
    return live;
  }
  const body: UpdateExamBody = { ...common };
  if (exam.mode === 'fixed') body.items = fixedItems(v);
  if (exam.mode === 'blueprint') body.blueprint = blueprintRows(v);
  if (exam.mode === 'adaptive') body.adaptive = adaptiveSettings(v);
  return body;
}

/** Every problem the server listed (`problems`, or field `errors`), else its detail. */
export function problemsOf(error: unknown): string[] {
  if (!(error instanceof ApiError)) return error instanceof Error ? [error.message] : [String(error)];
  const p = error.problem;
  if (Array.isArray(p.problems) && p.problems.length) return p.problems.map(String);
  if (Array.isArray(p.errors) && p.errors.length)
    return p.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
  return [p.detail];
}

/** Problems that name one row of `list` (`blueprint[2]: …`, `items[0]: …`), by row, text after the colon. */
export function problemsByRow(problems: string[], list: 'blueprint' | 'items'): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const re = new RegExp(`^${list}\\[(\\d+)\\](?:\\.[\\w.]+)?:\\s*(.*)$`);
  for (const p of problems) {
    const m = re.exec(p);
    if (!m) continue;
    const i = Number(m[1]);
    out.set(i, [...(out.get(i) ?? []), m[2] ?? p]);
  }
  return out;
}

/** Moves row `from` one place up (-1) or down (+1); out of range leaves the list as it is. */
export function moveRow<T>(rows: readonly T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (from < 0 || from >= rows.length || to < 0 || to >= rows.length) return [...rows];
  const out = [...rows];
  const [row] = out.splice(from, 1);
  out.splice(to, 0, row as T);
  return out;
}
