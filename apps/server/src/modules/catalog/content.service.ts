/**
 * Course content: modules (append, edit, delete, reorder) and their resources (Markdown,
 * video link, external link, uploaded file). Only the course's owner or an admin may change it.
 * Adding or removing a module changes everyone's progress percentage, so the course's
 * training records are recomputed in the same transaction (finished courses stay finished).
 */
import type { CourseDetail, CourseModule, CreateResourceBody, Resource } from '@xueli/contracts';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import * as content from './content.repo.ts';
import { editableCourse, loadCourseDetail, type ActorCtx } from './courses.service.ts';
import { recordStaged, stageUpload, withFileCleanup, type Upload } from './files.service.ts';
import * as courses from './courses.repo.ts';
import * as learning from './learning.repo.ts';
import { assertCanEdit } from './policy.ts';
import { presentModule, presentResource } from './present.ts';

async function editableModule(db: Db, actor: Actor, moduleId: number) {
  const row = await content.findModule(db, moduleId);
  if (!row) throw notFound('module', moduleId);
  assertCanEdit(actor, row.course);
  return row;
}

async function editableResource(db: Db, actor: Actor, resourceId: number) {
  const row = await content.findResource(db, resourceId);
  if (!row) throw notFound('resource', resourceId);
  assertCanEdit(actor, row.course);
  return row;
}

async function moduleView(db: Db, moduleId: number): Promise<CourseModule> {
  const row = await content.findModule(db, moduleId);
  if (!row) throw notFound('module', moduleId);
  return presentModule(row.module, await content.resourcesOfModules(db, [moduleId]), false);
}

async function resourceView(db: Db, resourceId: number): Promise<Resource> {
  const row = await content.resourceWithFile(db, resourceId);
  if (!row) throw notFound('resource', resourceId);
  return presentResource(row);
}

export interface ModuleFields {
  title?: string | undefined;
  titleEn?: string | null | undefined;
  description?: string | undefined;
  estimatedMinutes?: number | undefined;
}

/** Appends a module to the course. */
export async function moduleCreator(deps: Deps, props: ActorCtx & { courseId: number; fields: ModuleFields & { title: string } }): Promise<CourseModule> {
  const f = props.fields;
  const id = await deps.db.transaction(async (tx) => {
    const course = await editableCourse(tx, props.actor, props.courseId, { lock: true });
    const m = await content.insertModule(tx, {
      courseId: course.id,
      title: f.title,
      titleEn: f.titleEn || null,
      description: f.description ?? '',
      ...(f.estimatedMinutes ? { estimatedMinutes: f.estimatedMinutes } : {}),
    });
    await learning.recomputeRecords(tx, { courseId: course.id }, { keepCompleted: true });
    await courses.touchCourse(tx, course.id);
    return m.id;
  });
  return moduleView(deps.db, id);
}

/** Changes a module's fields; an empty `titleEn` clears it. */
export async function moduleUpdater(deps: Deps, props: ActorCtx & { moduleId: number; fields: ModuleFields }): Promise<CourseModule> {
  const f = props.fields;
  await deps.db.transaction(async (tx) => {
    const { module } = await editableModule(tx, props.actor, props.moduleId);
    await content.updateModule(tx, module.id, {
      ...(f.title !== undefined ? { title: f.title } : {}),
      ...(f.titleEn !== undefined ? { titleEn: f.titleEn || null } : {}),
      ...(f.description !== undefined ? { description: f.description } : {}),
      ...(f.estimatedMinutes !== undefined ? { estimatedMinutes: f.estimatedMinutes } : {}),
    });
    await courses.touchCourse(tx, module.courseId);
  });
  return moduleView(deps.db, props.moduleId);
}

/** Deletes a module with its resources and progress; a published course keeps at least one. */
export async function moduleDeleter(deps: Deps, props: ActorCtx & { moduleId: number }): Promise<void> {
  await withFileCleanup(deps, [], async (tx) => {
    const { module, course } = await editableModule(tx, props.actor, props.moduleId);
    const locked = await courses.findCourse(tx, course.id, { lock: 'update' });
    if (locked?.status === 'published' && (await courses.countModules(tx, course.id)) <= 1) {
      throw conflict('A published course needs at least one module; unpublish or archive it first');
    }
    const fileIds = await content.filesOfModule(tx, module.id);
    await content.deleteModule(tx, module.id);
    const unusedKeys = await content.deleteUnusedFiles(tx, fileIds);
    await learning.recomputeRecords(tx, { courseId: course.id }, { keepCompleted: true });
    await courses.touchCourse(tx, course.id);
    return { result: undefined, unusedKeys };
  });
}

/** Reorders modules; `moduleIds` must be exactly the course's module ids. Answers with the course. */
export async function moduleReorderer(deps: Deps, props: ActorCtx & { courseId: number; moduleIds: number[] }): Promise<CourseDetail> {
  await deps.db.transaction(async (tx) => {
    const course = await editableCourse(tx, props.actor, props.courseId, { lock: true });
    const current = (await content.modulesOfCourse(tx, course.id)).map((m) => m.id);
    const given = new Set(props.moduleIds);
    const same = given.size === props.moduleIds.length && given.size === current.length && current.every((id) => given.has(id));
    if (!same) {
      throw invalid('moduleIds must list each of the course\'s modules exactly once', {
        errors: [{ path: 'moduleIds', message: `expected a permutation of [${current.join(', ')}]` }],
        expected: current,
      });
    }
    await content.setModulePositions(tx, course.id, props.moduleIds);
    await courses.touchCourse(tx, course.id);
  });
  return loadCourseDetail(deps.db, props.actor, props.courseId);
}

/** Reorders a module's resources; `resourceIds` must be exactly its resource ids. Answers with the course. */
export async function resourceReorderer(deps: Deps, props: ActorCtx & { moduleId: number; resourceIds: number[] }): Promise<CourseDetail> {
  const courseId = await deps.db.transaction(async (tx) => {
    const { module, course } = await editableModule(tx, props.actor, props.moduleId);
    const current = (await content.resourcesOfModules(tx, [module.id])).map((r) => r.resource.id);
    const given = new Set(props.resourceIds);
    const same = given.size === props.resourceIds.length && given.size === current.length && current.every((id) => given.has(id));
    if (!same) {
      throw invalid("resourceIds must list each of the module's resources exactly once", {
        errors: [{ path: 'resourceIds', message: `expected a permutation of [${current.join(', ')}]` }],
        expected: current,
      });
    }
    await content.setResourcePositions(tx, module.id, props.resourceIds);
    await courses.touchCourse(tx, course.id);
    return course.id;
  });
  return loadCourseDetail(deps.db, props.actor, courseId);
}

/** Adds a Markdown, video or link resource at the end of the module. */
export async function resourceCreator(deps: Deps, props: ActorCtx & { moduleId: number; body: CreateResourceBody }): Promise<Resource> {
  const b = props.body;
  const id = await deps.db.transaction(async (tx) => {
    const { module } = await editableModule(tx, props.actor, props.moduleId);
    const r = await content.insertResource(tx, {
      moduleId: module.id,
      kind: b.kind,
      title: b.title,
      body: b.kind === 'markdown' ? b.body : null,
      url: b.kind === 'markdown' ? null : b.url,
    });
    await courses.touchCourse(tx, module.courseId);
    return r.id;
  });
  return resourceView(deps.db, id);
}

/** Adds an uploaded file (any type, up to the configured upload limit) as a resource. */
export async function resourceFileCreator(deps: Deps, props: ActorCtx & { moduleId: number; title: string; upload: Upload }): Promise<Resource> {
  // Authorise before writing any bytes.
  await editableModule(deps.db, props.actor, props.moduleId);
  const staged = await stageUpload(deps, props.upload, props.actor.userId);
  const id = await withFileCleanup(deps, [staged], async (tx) => {
    const { module } = await editableModule(tx, props.actor, props.moduleId);
    const file = await recordStaged(tx, staged);
    const r = await content.insertResource(tx, { moduleId: module.id, kind: 'file', title: props.title, fileId: file.id });
    await courses.touchCourse(tx, module.courseId);
    return { result: r.id, unusedKeys: [] };
  });
  return resourceView(deps.db, id);
}

/** Changes a resource: `body` fits only Markdown, `url` only video and link resources. */
export async function resourceUpdater(
  deps: Deps,
  props: ActorCtx & { resourceId: number; fields: { title?: string | undefined; body?: string | undefined; url?: string | undefined } },
): Promise<Resource> {
  const f = props.fields;
  await deps.db.transaction(async (tx) => {
    const { resource, course } = await editableResource(tx, props.actor, props.resourceId);
    if (f.body !== undefined && resource.kind !== 'markdown') {
      throw invalid(`A ${resource.kind} resource has no Markdown body`, { errors: [{ path: 'body', message: `not allowed for kind ${resource.kind}` }] });
    }
    if (f.url !== undefined && resource.kind !== 'video' && resource.kind !== 'link') {
      throw invalid(`A ${resource.kind} resource has no URL`, { errors: [{ path: 'url', message: `not allowed for kind ${resource.kind}` }] });
    }
    await content.updateResource(tx, resource.id, {
      ...(f.title !== undefined ? { title: f.title } : {}),
      ...(f.body !== undefined ? { body: f.body } : {}),
      ...(f.url !== undefined ? { url: f.url } : {}),
    });
    await courses.touchCourse(tx, course.id);
  });
  return resourceView(deps.db, props.resourceId);
}

/** Deletes a resource; its uploaded file goes too when nothing else uses it. */
export async function resourceDeleter(deps: Deps, props: ActorCtx & { resourceId: number }): Promise<void> {
  await withFileCleanup(deps, [], async (tx) => {
    const { resource, course } = await editableResource(tx, props.actor, props.resourceId);
    await content.deleteResource(tx, resource.id);
    const unusedKeys = resource.fileId ? await content.deleteUnusedFiles(tx, [resource.fileId]) : [];
    await courses.touchCourse(tx, course.id);
    return { result: undefined, unusedKeys };
  });
}
