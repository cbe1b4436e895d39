/** Course authoring and browsing: list, view, create, change (with the status rules), delete, cover. */
import type { CourseDetail, CourseListQuery, CourseSummary, Page } from '@xueli/contracts';
import { MAX_COVER_BYTES } from '@xueli/contracts';
import type { CourseStatus } from '../../db/schema/index.ts';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { recordAudit } from '../../lib/audit.ts';
import { conflict, DomainError, notFound } from '../../lib/errors.ts';
import * as content from './content.repo.ts';
import { statusChangeRefusal } from './course-status.ts';
import * as repo from './courses.repo.ts';
import { recordStaged, stageUpload, withFileCleanup, type Upload } from './files.service.ts';
import * as learning from './learning.repo.ts';
import { assertCanEdit, canViewCourse, isAuthor } from './policy.ts';
import { presentCourseSummary, presentModule, presentProgress, todayUtc } from './present.ts';
import { INLINE_IMAGE_TYPES, sniffImage } from './uploads.ts';

/** Who acts, and the request id for the audit log. */
export interface ActorCtx {
  actor: Actor;
  requestId?: string | undefined;
}

/**
 * The catalog as the caller may see it. Learners and managers get published courses only
 * (a `status` filter is ignored); authors get every status, all but archived by default.
 */
export async function courseLister(deps: Deps, props: { actor: Actor; query: CourseListQuery }): Promise<Page<CourseSummary>> {
  const { actor, query } = props;
  const statuses: CourseStatus[] = !isAuthor(actor)
    ? ['published']
    : query.status
      ? [query.status]
      : ['draft', 'published'];
  const { rows, total } = await repo.listCourseSummaries(deps.db, {
    statuses,
    search: query.search,
    category: query.category,
    tag: query.tag,
    ownerUserId: query.owner === 'me' ? actor.userId : undefined,
    employeeId: actor.employeeId,
    page: query.page,
    pageSize: query.pageSize,
  });
  return { items: rows.map((r) => presentCourseSummary(r, actor)), total, page: query.page, pageSize: query.pageSize };
}

/**
 * A course with its modules, resources and the caller's enrolment. 404 when it does not
 * exist or the caller may not see it (a draft, for a non-author).
 */
export async function courseViewer(deps: Deps, props: { actor: Actor; courseId: number }): Promise<CourseDetail> {
  return loadCourseDetail(deps.db, props.actor, props.courseId);
}

/** Builds the detail view (shared with the content operations that answer with it). */
export async function loadCourseDetail(db: Db, actor: Actor, courseId: number): Promise<CourseDetail> {
  const [row] = await repo.courseSummariesByIds(db, [courseId], actor.employeeId);
  if (!row || !canViewCourse(actor, row.course, Boolean(row.enrolled))) throw notFound('course', courseId);
  const enrollment = actor.employeeId != null ? await learning.findEnrollment(db, courseId, actor.employeeId) : undefined;
  const [modules, progress, done] = await Promise.all([
    content.modulesOfCourse(db, courseId),
    enrollment ? learning.progressOf(db, enrollment.id) : undefined,
    enrollment ? content.completedModuleIds(db, enrollment.id) : new Set<number>(),
  ]);
  const resources = await content.resourcesOfModules(db, modules.map((m) => m.id));
  return {
    ...presentCourseSummary(row, actor),
    modules: modules.map((m) => presentModule(m, resources.filter((r) => r.resource.moduleId === m.id), done.has(m.id))),
    enrollment: progress ? presentProgress(progress, todayUtc()) : null,
  };
}

/**
 * The course if it exists and the actor may edit it: 404 when missing, 403 when it belongs
 * to another trainer. With `lock`, the row is held (FOR UPDATE) until the transaction ends.
 */
export async function editableCourse(db: Db, actor: Actor, courseId: number, opts: { lock?: boolean } = {}) {
  const course = await repo.findCourse(db, courseId, opts.lock ? { lock: 'update' } : {});
  if (!course) throw notFound('course', courseId);
  assertCanEdit(actor, course);
  return course;
}

/** Creates a draft course owned by the caller. */
export async function courseCreator(
  deps: Deps,
  props: ActorCtx & { title: string; titleEn?: string | undefined; description?: string | undefined; category?: string | undefined; tags?: string[] | undefined },
): Promise<CourseDetail> {
  const course = await deps.db.transaction(async (tx) => {
    const c = await repo.insertCourse(tx, {
      title: props.title,
      titleEn: props.titleEn || null,
      description: props.description ?? '',
      category: props.category ?? '',
      tags: [...new Set(props.tags ?? [])],
      status: 'draft',
      ownerUserId: props.actor.userId,
    });
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'course.create', entity: 'course', entityId: c.id, details: { title: c.title }, requestId: props.requestId ?? null });
    return c;
  });
  return loadCourseDetail(deps.db, props.actor, course.id);
}

export interface CourseChanges {
  title?: string | undefined;
  titleEn?: string | null | undefined;
  description?: string | undefined;
  category?: string | undefined;
  tags?: string[] | undefined;
  status?: CourseStatus | undefined;
}

/** Changes fields and/or moves the status (course-status.ts rules; status moves are audited). */
export async function courseUpdater(deps: Deps, props: ActorCtx & { courseId: number; changes: CourseChanges }): Promise<CourseDetail> {
  const { actor, changes } = props;
  await deps.db.transaction(async (tx) => {
    const course = await editableCourse(tx, actor, props.courseId, { lock: true });
    const values: Parameters<typeof repo.updateCourse>[2] = {};
    if (changes.title !== undefined) values.title = changes.title;
    if (changes.titleEn !== undefined) values.titleEn = changes.titleEn || null;
    if (changes.description !== undefined) values.description = changes.description;
    if (changes.category !== undefined) values.category = changes.category;
    if (changes.tags !== undefined) values.tags = [...new Set(changes.tags)];
    const to = changes.status;
    if (to && to !== course.status) {
      const [moduleCount, enrollmentCount] = await Promise.all([repo.countModules(tx, course.id), repo.countEnrollments(tx, course.id)]);
      const refusal = statusChangeRefusal(course.status, to, { moduleCount, enrollmentCount });
      if (refusal) throw conflict(refusal, { from: course.status, to, moduleCount, enrollmentCount });
      values.status = to;
      if (to === 'published') values.publishedAt = new Date();
      await recordAudit(tx, { actorUserId: actor.userId, action: 'course.status.change', entity: 'course', entityId: course.id, details: { from: course.status, to }, requestId: props.requestId ?? null });
    }
    await repo.updateCourse(tx, course.id, values);
  });
  return loadCourseDetail(deps.db, actor, props.courseId);
}

/** Deletes a draft nobody is enrolled in; anything else must be archived instead (409). */
export async function courseDeleter(deps: Deps, props: ActorCtx & { courseId: number }): Promise<void> {
  await withFileCleanup(deps, [], async (tx) => {
    const course = await editableCourse(tx, props.actor, props.courseId, { lock: true });
    if (course.status !== 'draft') {
      throw conflict(`Only draft courses can be deleted; this one is ${course.status}. Archive it instead.`, { status: course.status });
    }
    const enrolled = await repo.countEnrollments(tx, course.id);
    if (enrolled > 0) throw conflict(`${enrolled} learner(s) are enrolled; archive the course instead`, { enrollmentCount: enrolled });
    const fileIds = await content.filesOfCourse(tx, course.id);
    await repo.deleteCourse(tx, course.id);
    const unusedKeys = await content.deleteUnusedFiles(tx, fileIds);
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'course.delete', entity: 'course', entityId: course.id, details: { title: course.title }, requestId: props.requestId ?? null });
    return { result: undefined, unusedKeys };
  });
}

/**
 * Sets the cover image: PNG, JPEG or WebP of at most 2 MB, judged by the file's own bytes
 * (a non-image sent as image/png is refused with 415). The old cover is removed if unused.
 */
export async function coverUploader(deps: Deps, props: ActorCtx & { courseId: number; upload: Upload }): Promise<CourseDetail> {
  const { upload } = props;
  const declared = upload.mimeType.toLowerCase().split(';')[0]!.trim();
  const sniffed = sniffImage(upload.bytes);
  if (!(INLINE_IMAGE_TYPES as readonly string[]).includes(declared) || !sniffed) {
    throw new DomainError('unsupported-media', 'The cover must be a PNG, JPEG or WebP image', { allowed: INLINE_IMAGE_TYPES, declared, detected: sniffed });
  }
  if (upload.bytes.length > MAX_COVER_BYTES) {
    throw new DomainError('payload-too-large', 'The cover image must be at most 2 MB', { maxBytes: MAX_COVER_BYTES, sizeBytes: upload.bytes.length });
  }
  // Authorise before writing any bytes.
  await editableCourse(deps.db, props.actor, props.courseId);
  const staged = await stageUpload(deps, upload, props.actor.userId, sniffed);
  await withFileCleanup(deps, [staged], async (tx) => {
    const course = await editableCourse(tx, props.actor, props.courseId, { lock: true });
    const file = await recordStaged(tx, staged);
    await repo.updateCourse(tx, course.id, { coverFileId: file.id });
    const unusedKeys = course.coverFileId ? await content.deleteUnusedFiles(tx, [course.coverFileId]) : [];
    return { result: undefined, unusedKeys };
  });
  return loadCourseDetail(deps.db, props.actor, props.courseId);
}
