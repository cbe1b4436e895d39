/** What leaves the server for the catalog context: rows become the contract shapes. */
import type {
  ClassroomRecord,
  CourseModule,
  CourseSummary,
  EnrollmentProgress,
  Resource,
  TrainingRecord,
} from '@xueli/contracts';
import type { Actor } from '../../http/policy.ts';
import { iso } from '../../lib/present.ts';
import type { ModuleRow, ResourceWithFile } from './content.repo.ts';
import type { CourseSummaryRow } from './courses.repo.ts';
import type { ProgressRow, RecordRow } from './learning.repo.ts';
import { canEditCourse } from './policy.ts';
import type { ClassroomRow, RecordListRow } from './records.repo.ts';

/** Download URL of a stored file. */
export const fileUrl = (fileId: number) => `/api/v1/files/${fileId}`;

/** Today's date (UTC) as YYYY-MM-DD, the reference for due dates. */
export const todayUtc = (now = new Date()) => now.toISOString().slice(0, 10);

/** Due date passed (strictly before today) and not completed (the learner home's SQL says the same). */
export const isOverdue = (dueDate: string | null, status: string, today: string) =>
  dueDate != null && dueDate < today && status !== 'completed';

/** `canEdit` is decided for `actor`; the cover becomes a download URL. */
export function presentCourseSummary(row: CourseSummaryRow, actor: Actor): CourseSummary {
  const c = row.course;
  return {
    id: c.id,
    title: c.title,
    titleEn: c.titleEn,
    description: c.description,
    category: c.category,
    tags: c.tags,
    status: c.status,
    coverUrl: c.coverFileId ? fileUrl(c.coverFileId) : null,
    ownerUserId: c.ownerUserId,
    ownerName: row.ownerName,
    moduleCount: Number(row.moduleCount),
    totalMinutes: Number(row.totalMinutes),
    enrolled: Boolean(row.enrolled),
    canEdit: canEditCourse(actor, c),
    updatedAt: c.updatedAt.toISOString(),
    publishedAt: iso(c.publishedAt),
  };
}

/** Only the fields that fit the kind are sent: a link never carries a body, Markdown never a URL. */
export function presentResource(r: ResourceWithFile): Resource {
  const x = r.resource;
  return {
    id: x.id,
    position: x.position,
    kind: x.kind,
    title: x.title,
    body: x.kind === 'markdown' ? x.body : null,
    url: x.kind === 'video' || x.kind === 'link' ? x.url : null,
    fileId: x.fileId,
    fileName: x.fileId ? r.fileName : null,
    fileSize: x.fileId && r.fileSize != null ? Number(r.fileSize) : null,
    fileUrl: x.fileId ? fileUrl(x.fileId) : null,
  };
}

export function presentModule(m: ModuleRow, resources: ResourceWithFile[], completed: boolean): CourseModule {
  return {
    id: m.id,
    position: m.position,
    title: m.title,
    titleEn: m.titleEn,
    description: m.description,
    estimatedMinutes: m.estimatedMinutes,
    resources: resources.map(presentResource),
    completed,
  };
}

/** `overdue` is judged against `today` (YYYY-MM-DD); a missing record reads as not started. */
export function presentProgress(p: ProgressRow, today: string): EnrollmentProgress {
  const e = p.enrollment;
  const status = p.record?.status ?? 'not_started';
  return {
    id: e.id,
    courseId: e.courseId,
    source: e.source,
    progressPercent: p.record?.progressPercent ?? 0,
    status,
    dueDate: e.dueDate,
    overdue: isOverdue(e.dueDate, status, today),
    enrolledAt: e.enrolledAt.toISOString(),
    startedAt: iso(p.record?.startedAt),
    completedAt: iso(p.record?.completedAt),
    timeSpentSeconds: p.record?.timeSpentSeconds ?? 0,
    completedModules: Number(p.completedModules),
    totalModules: Number(p.totalModules),
  };
}

function recordFields(r: RecordRow, title: string, dueDate: string | null): TrainingRecord {
  return {
    id: r.id,
    kind: r.kind,
    employeeId: r.employeeId,
    courseId: r.courseId,
    enrollmentId: r.enrollmentId,
    title,
    status: r.status,
    progressPercent: r.progressPercent,
    startedAt: iso(r.startedAt),
    completedAt: iso(r.completedAt),
    timeSpentSeconds: r.timeSpentSeconds,
    score: r.score == null ? null : Number(r.score),
    dueDate,
    sessionDate: r.sessionDate,
    location: r.location,
    trainerName: r.trainerName,
    notes: r.notes,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Online records take their course title; classroom records carry their own. */
export const presentRecord = (r: RecordListRow): TrainingRecord =>
  recordFields(r.record, r.record.title ?? r.courseTitle ?? '', r.dueDate);

export const presentClassroom = (r: ClassroomRow): ClassroomRecord => ({
  ...recordFields(r.record, r.record.title ?? '', null),
  employeeNo: r.employeeNo,
  employeeName: r.employeeName,
  recordedBy: r.record.recordedBy,
  recordedByName: r.recordedByName,
});
