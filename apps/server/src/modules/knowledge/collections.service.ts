/** Collections: listing what a caller may see, and (admins, trainers) creating, changing and deleting them. */
import type { KbCollection, KbCollectionBody, KbCollectionList, KbCollectionPatch } from '@xueli/contracts';
import type { Role } from '../../db/schema/index.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { recordAudit } from '../../lib/audit.ts';
import { invalid, notFound } from '../../lib/errors.ts';
import * as repo from './knowledge.repo.ts';
import { inKbScope, kbScope } from './policy.ts';
import { dropDocumentChunks } from './search-index.ts';

type Ctx = { actor: Actor; requestId?: string | undefined };

async function present(deps: Deps, ids: readonly number[] | null): Promise<KbCollection[]> {
  const rows = await repo.collectionsWithCounts(deps.db, ids);
  const access = await repo.accessOf(deps.db, rows.map((r) => r.c.id));
  return rows.map(({ c, courseTitle, documents, chunks }) => {
    const mine = access.filter((a) => a.collectionId === c.id);
    return {
      id: c.id,
      name: c.name,
      description: c.description,
      visibility: c.visibility,
      courseId: c.courseId,
      courseTitle: courseTitle ?? null,
      access: {
        departments: mine.filter((a) => a.departmentId != null).map((a) => ({ id: a.departmentId!, name: a.departmentName ?? String(a.departmentId) })),
        positions: mine.filter((a) => a.positionId != null).map((a) => ({ id: a.positionId!, name: a.positionName ?? String(a.positionId) })),
        roles: mine.filter((a) => a.role != null).map((a) => a.role as Role),
      },
      documentCount: Number(documents ?? 0),
      chunkCount: Number(chunks ?? 0),
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  });
}

/** The collections the actor may see (all for admins and trainers). */
export async function collectionLister(deps: Deps, props: { actor: Actor }): Promise<KbCollectionList> {
  const scope = await kbScope(deps.db, props.actor);
  return { items: await present(deps, scope.kind === 'all' ? null : [...scope.collectionIds]), maxUploadBytes: deps.config.maxUploadBytes };
}

/** One collection the actor may see, or a 404. */
export async function visibleCollection(deps: Deps, actor: Actor, id: number): Promise<repo.CollectionRow> {
  const c = await repo.collectionById(deps.db, id);
  if (!c || !inKbScope(await kbScope(deps.db, actor), c.id)) throw notFound('collection', id);
  return c;
}

export async function collectionViewer(deps: Deps, props: { actor: Actor; id: number }): Promise<KbCollection> {
  await visibleCollection(deps, props.actor, props.id);
  return (await present(deps, [props.id]))[0]!;
}

const unique = <T>(xs: T[]) => [...new Set(xs)];

/** Checks that the departments, positions and course named exist (400 naming the unknown ones). */
async function checkRefs(deps: Deps, access: repo.AccessList | undefined, courseId: number | null | undefined): Promise<void> {
  const errors: { path: string; message: string }[] = [];
  if (access) {
    for (const [table, ids, path] of [
      ['departments', access.departmentIds, 'access.departmentIds'],
      ['positions', access.positionIds, 'access.positionIds'],
    ] as const) {
      const found = await repo.existingIds(deps.db, table, ids);
      const missing = ids.filter((i) => !found.has(i));
      if (missing.length) errors.push({ path, message: `unknown ${table}: ${missing.join(', ')}` });
    }
  }
  if (courseId != null && !(await repo.existingIds(deps.db, 'courses', [courseId])).has(courseId)) errors.push({ path: 'courseId', message: `unknown course ${courseId}` });
  if (errors.length) throw invalid(`The collection is invalid: ${errors.map((e) => e.message).join('; ')}`, { errors });
}

const cleanAccess = (a: repo.AccessList): repo.AccessList => ({
  departmentIds: unique(a.departmentIds),
  positionIds: unique(a.positionIds),
  roles: unique(a.roles),
});

export async function collectionCreator(deps: Deps, props: Ctx & { body: KbCollectionBody }): Promise<KbCollection> {
  const b = props.body;
  const access = cleanAccess(b.access);
  await checkRefs(deps, access, b.courseId);
  const id = await deps.db.transaction(async (tx) => {
    const c = await repo.insertCollection(tx, {
      name: b.name,
      description: b.description,
      visibility: b.visibility,
      courseId: b.courseId,
      createdBy: props.actor.userId,
    });
    await repo.replaceAccess(tx, c.id, access);
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'kb.collection.create', entity: 'kb_collection', entityId: c.id, details: { name: b.name, visibility: b.visibility, access, courseId: b.courseId }, requestId: props.requestId ?? null });
    return c.id;
  });
  return (await present(deps, [id]))[0]!;
}

export async function collectionUpdater(deps: Deps, props: Ctx & { id: number; body: KbCollectionPatch }): Promise<KbCollection> {
  const c = await repo.collectionById(deps.db, props.id);
  if (!c) throw notFound('collection', props.id);
  const b = props.body;
  const access = b.access ? cleanAccess(b.access) : undefined;
  await checkRefs(deps, access, b.courseId);
  await deps.db.transaction(async (tx) => {
    await repo.updateCollection(tx, c.id, {
      ...(b.name !== undefined ? { name: b.name } : {}),
      ...(b.description !== undefined ? { description: b.description } : {}),
      ...(b.visibility !== undefined ? { visibility: b.visibility } : {}),
      ...(b.courseId !== undefined ? { courseId: b.courseId } : {}),
    });
    if (access) await repo.replaceAccess(tx, c.id, access);
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'kb.collection.update', entity: 'kb_collection', entityId: c.id, details: { ...b, ...(access ? { access } : {}) }, requestId: props.requestId ?? null });
  });
  return (await present(deps, [c.id]))[0]!;
}

/** Deletes a collection with its documents, passages and uploaded files (the UI confirms first). */
export async function collectionDeleter(deps: Deps, props: Ctx & { id: number }): Promise<void> {
  const c = await repo.collectionById(deps.db, props.id);
  if (!c) throw notFound('collection', props.id);
  const docIds = await repo.documentIdsOfCollection(deps.db, c.id);
  const keys = await deps.db.transaction(async (tx) => {
    const k = await repo.deleteDocuments(tx, docIds);
    await repo.deleteCollection(tx, c.id);
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'kb.collection.delete', entity: 'kb_collection', entityId: c.id, details: { name: c.name, documents: docIds.length }, requestId: props.requestId ?? null });
    return k;
  });
  await dropDocumentChunks(deps.db, docIds);
  await Promise.allSettled(keys.map((k) => deps.files.remove(k)));
}
