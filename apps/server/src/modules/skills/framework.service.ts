/**
 * Skill frameworks: versions of a tree of knowledge points (知识点) with a prerequisite DAG.
 *
 * Life cycle: a framework version is a draft (freely editable), then published (read-only;
 * publishing retires the previously published version of the same code), then retired. A new
 * version (`frameworkVersioner`) copies a version's points (new ids, same CASE identifiers,
 * `originId` = the copied point), hierarchy and edges into a new draft.
 *
 * Invariants, checked on every write with the framework row locked (so concurrent edits
 * cannot combine into a violation): codes are unique within a framework, the hierarchy is a
 * tree (a move below itself is refused with the loop), and prerequisites form a DAG (an edge
 * that would close a cycle is refused with the cycle spelled out by codes, from the engine's
 * graph algorithms).
 */
import { randomUUID } from 'node:crypto';
import type { CaseImportReport, CFPackage, FrameworkStatus, ImportSummary } from '@xueli/contracts';
import { cycleClosedBy, type Edge } from '@xueli/engine';
import type { Db } from '../../db/client.ts';
import type { Deps, OpContext } from '../../deps.ts';
import { recordAudit } from '../../lib/audit.ts';
import { decodeTextFile, parseCsvTable } from '../../lib/csv.ts';
import { conflict, DomainError, invalid, notFound } from '../../lib/errors.ts';
import { validateCasePackage, toCasePackage } from './framework.case.ts';
import { planPointsImport, pointHeaders, pointsCsv, type PointsPlan } from './framework.csv.ts';
import { presentFramework, presentFrameworkDetail, presentPoints } from './framework.present.ts';
import * as repo from './framework.repo.ts';
import { arrowPath, depthFirst } from './framework.tree.ts';

const audit = (
  db: Db,
  ctx: OpContext,
  action: string,
  entity: string,
  entityId: number | null,
  details: Record<string, unknown> = {},
) =>
  recordAudit(db, {
    actorUserId: ctx.actorUserId,
    action,
    entity,
    entityId,
    details,
    requestId: ctx.requestId ?? null,
  });

const fieldError = (path: string, message: string, extra: Record<string, unknown> = {}) =>
  invalid(message, { errors: [{ path, message }], ...extra });

const label = (f: repo.FrameworkRow) => `${f.code} ${f.version}`;

/** Structural edits (points, edges, imports) need a draft. */
function assertDraft(f: repo.FrameworkRow, what: string) {
  if (f.status !== 'draft') {
    throw conflict(
      `Framework ${label(f)} is ${f.status} and read-only: ${what} only in a draft. Create a new version (POST /frameworks/${f.id}/versions) to change it.`,
      { status: f.status },
    );
  }
}

async function lockedFramework(tx: Db, id: number) {
  const f = await repo.lockFramework(tx, id);
  if (!f) throw notFound('framework', id);
  return f;
}

async function assertVersionFree(db: Db, code: string, version: string, exceptId?: number) {
  const other = await repo.findFrameworkByCodeVersion(db, code, version);
  if (other && other.id !== exceptId) {
    throw conflict(`Framework ${code} already has a version ${version}`, { field: 'version', frameworkId: other.id });
  }
}

/** Refuses to delete points that evidence, mastery or targets still refer to. */
async function assertUnreferenced(db: Db, ids: readonly number[], what: string) {
  const refs = await repo.pointReferences(db, ids);
  const parts = [
    refs.evidence && `${refs.evidence} evidence record(s)`,
    refs.evidenceItems && `${refs.evidenceItems} evidence item(s)`,
    refs.mastery && `${refs.mastery} mastery estimate(s)`,
    refs.positionTargets && `${refs.positionTargets} position target(s)`,
    refs.employeeTargets && `${refs.employeeTargets} employee target(s)`,
  ].filter(Boolean);
  if (parts.length) throw conflict(`${what} is still referred to by ${parts.join(', ')}`, { references: refs });
}

// ---- frameworks -----------------------------------------------------------------------

export async function frameworkLister(
  deps: Deps,
  query: { status?: FrameworkStatus | undefined; code?: string | undefined },
) {
  return (await repo.listFrameworks(deps.db, query)).map(presentFramework);
}

/** One framework with its points (depth-first) and edges: everything to draw tree and graph. */
export async function frameworkViewer(deps: Deps, id: number) {
  const f = await repo.findFrameworkWithCounts(deps.db, id);
  if (!f) throw notFound('framework', id);
  const [points, edges] = await Promise.all([repo.listPoints(deps.db, id), repo.listEdges(deps.db, id)]);
  return presentFrameworkDetail(f, points, edges);
}

export async function frameworkCreator(
  deps: Deps,
  ctx: OpContext,
  props: { code: string; name: string; nameEn?: string | undefined; description?: string | undefined; version: string },
) {
  const f = await deps.db.transaction(async (tx) => {
    await assertVersionFree(tx, props.code, props.version);
    const row = await repo.insertFramework(tx, {
      identifier: randomUUID(),
      code: props.code,
      name: props.name,
      nameEn: props.nameEn ?? null,
      description: props.description ?? '',
      version: props.version,
      status: 'draft',
      createdBy: ctx.actorUserId,
    });
    await audit(tx, ctx, 'framework.create', 'framework', row.id, { code: row.code, version: row.version });
    return row;
  });
  return frameworkViewer(deps, f.id);
}

/**
 * Changes a framework. A draft may change any attribute; a published one only retires
 * (`status: retired`); a retired one is read-only.
 */
export async function frameworkUpdater(
  deps: Deps,
  ctx: OpContext,
  props: {
    id: number;
    code?: string | undefined;
    name?: string | undefined;
    nameEn?: string | null | undefined;
    description?: string | undefined;
    version?: string | undefined;
    status?: 'retired' | undefined;
  },
) {
  const { id, ...changes } = props;
  await deps.db.transaction(async (tx) => {
    const f = await lockedFramework(tx, id);
    if (f.status === 'retired') throw conflict(`Framework ${label(f)} is retired and read-only`, { status: f.status });
    if (f.status === 'published') {
      const other = Object.keys(changes).filter((k) => k !== 'status');
      if (other.length) {
        throw conflict(
          `Framework ${label(f)} is published: only its status can change (to retired). Create a new version to change ${other.join(', ')}.`,
          { status: f.status, fields: other },
        );
      }
    } else if (changes.status === 'retired') {
      throw conflict(`Framework ${label(f)} is a draft: publish it or delete it; only a published version retires`, {
        status: f.status,
      });
    }
    if (changes.code !== undefined || changes.version !== undefined) {
      await assertVersionFree(tx, changes.code ?? f.code, changes.version ?? f.version, f.id);
    }
    await repo.updateFramework(tx, id, changes);
    await audit(tx, ctx, changes.status === 'retired' ? 'framework.retire' : 'framework.update', 'framework', id, changes);
  });
  return frameworkViewer(deps, id);
}

/** Deletes a draft whose points nothing outside the framework refers to. */
export async function frameworkDeleter(deps: Deps, ctx: OpContext, props: { id: number }) {
  await deps.db.transaction(async (tx) => {
    const f = await lockedFramework(tx, props.id);
    if (f.status !== 'draft') {
      throw conflict(`Framework ${label(f)} is ${f.status}: only drafts can be deleted (retire it instead)`, {
        status: f.status,
      });
    }
    const points = await repo.listPoints(tx, f.id);
    await assertUnreferenced(
      tx,
      points.map((p) => p.id),
      `Framework ${label(f)}`,
    );
    await repo.deleteFramework(tx, f.id);
    await audit(tx, ctx, 'framework.delete', 'framework', f.id, { code: f.code, version: f.version, points: points.length });
  });
}

/** Publishes a draft with at least one point and retires the version it replaces. */
export async function frameworkPublisher(deps: Deps, ctx: OpContext, props: { id: number }) {
  await deps.db.transaction(async (tx) => {
    const f = await lockedFramework(tx, props.id);
    if (f.status !== 'draft') throw conflict(`Framework ${label(f)} is ${f.status}; only a draft can be published`, { status: f.status });
    const points = await repo.listPoints(tx, f.id);
    if (points.length === 0) throw conflict(`Framework ${label(f)} has no knowledge points to publish`);
    const retired = await repo.retirePublished(tx, f.code, f.id);
    await repo.updateFramework(tx, f.id, { status: 'published', publishedAt: new Date() });
    await audit(tx, ctx, 'framework.publish', 'framework', f.id, {
      code: f.code,
      version: f.version,
      retired: retired.map((r) => r.id),
    });
  });
  return frameworkViewer(deps, props.id);
}

/**
 * Writes points and edges into `frameworkId`: points are inserted without parents, then
 * parents and edges are set through the new ids (parents may come after their children).
 */
async function writePoints(
  tx: Db,
  frameworkId: number,
  points: readonly {
    key: string;
    identifier: string;
    code: string;
    name: string;
    nameEn: string | null;
    description: string;
    domain: string;
    position: number;
    originId: number | null;
    parentKey: string | null;
  }[],
  edges: readonly Edge<string>[],
) {
  const inserted = await repo.insertPoints(
    tx,
    points.map((p) => ({
      frameworkId,
      identifier: p.identifier,
      code: p.code,
      name: p.name,
      nameEn: p.nameEn,
      description: p.description,
      domain: p.domain,
      position: p.position,
      originId: p.originId,
    })),
  );
  const idOf = new Map(points.map((p, i) => [p.key, inserted[i]!.id]));
  await repo.setParents(
    tx,
    points.filter((p) => p.parentKey != null).map((p) => [idOf.get(p.key)!, idOf.get(p.parentKey!)!] as const),
  );
  await repo.insertEdges(
    tx,
    edges.map(([from, to]) => ({ fromId: idOf.get(from)!, toId: idOf.get(to)! })),
  );
  return idOf;
}

/** A new draft version copying the points, hierarchy and edges of framework `id`. */
export async function frameworkVersioner(deps: Deps, ctx: OpContext, props: { id: number; version: string }) {
  const created = await deps.db.transaction(async (tx) => {
    const source = await lockedFramework(tx, props.id);
    await assertVersionFree(tx, source.code, props.version);
    const [points, edges] = await Promise.all([repo.listPoints(tx, source.id), repo.listEdges(tx, source.id)]);
    const row = await repo.insertFramework(tx, {
      identifier: randomUUID(),
      code: source.code,
      name: source.name,
      nameEn: source.nameEn,
      description: source.description,
      version: props.version,
      status: 'draft',
      previousVersionId: source.id,
      createdBy: ctx.actorUserId,
    });
    const key = (id: number) => String(id);
    await writePoints(
      tx,
      row.id,
      points.map((p) => ({
        key: key(p.id),
        identifier: p.identifier,
        code: p.code,
        name: p.name,
        nameEn: p.nameEn,
        description: p.description,
        domain: p.domain,
        position: p.position,
        originId: p.id,
        parentKey: p.parentId == null ? null : key(p.parentId),
      })),
      edges.map((e) => [key(e.fromId), key(e.toId)] as const),
    );
    await audit(tx, ctx, 'framework.version', 'framework', row.id, {
      code: row.code,
      version: row.version,
      from: source.id,
      points: points.length,
      prerequisites: edges.length,
    });
    return row;
  });
  return frameworkViewer(deps, created.id);
}

// ---- knowledge points -----------------------------------------------------------------

async function pointView(db: Db, frameworkId: number, pointId: number) {
  const item = presentPoints(await repo.listPoints(db, frameworkId)).find((p) => p.id === pointId);
  if (!item) throw notFound('knowledge point', pointId);
  return item;
}

async function assertPointCodeFree(db: Db, frameworkId: number, code: string, exceptId?: number) {
  const other = (await repo.listPoints(db, frameworkId)).find((p) => p.code === code);
  if (other && other.id !== exceptId) {
    throw conflict(`The code ${code} is already used by another knowledge point of this framework`, { field: 'code' });
  }
}

/** A point of `frameworkId`, or a 400 naming the field when it is unknown or elsewhere. */
async function pointOf(db: Db, frameworkId: number, id: number, field: string) {
  const p = await repo.findPoint(db, id);
  if (!p) throw notFound('knowledge point', id);
  if (p.frameworkId !== frameworkId) {
    throw fieldError(field, `Knowledge point ${p.code} (${id}) belongs to another framework`);
  }
  return p;
}

export async function pointCreator(
  deps: Deps,
  ctx: OpContext,
  props: {
    frameworkId: number;
    code: string;
    name: string;
    nameEn?: string | undefined;
    description?: string | undefined;
    domain?: string | undefined;
    parentId?: number | null | undefined;
    position?: number | undefined;
  },
) {
  const id = await deps.db.transaction(async (tx) => {
    const f = await lockedFramework(tx, props.frameworkId);
    assertDraft(f, 'knowledge points can be added');
    await assertPointCodeFree(tx, f.id, props.code);
    const parentId = props.parentId ?? null;
    if (parentId != null) await pointOf(tx, f.id, parentId, 'parentId');
    const row = await repo.insertPoint(tx, {
      frameworkId: f.id,
      identifier: randomUUID(),
      code: props.code,
      name: props.name,
      nameEn: props.nameEn ?? null,
      description: props.description ?? '',
      domain: props.domain ?? '',
      parentId,
      position: props.position ?? (await repo.nextPosition(tx, f.id, parentId)),
    });
    await repo.touchFramework(tx, f.id);
    await audit(tx, ctx, 'knowledge-point.create', 'knowledge_point', row.id, { code: row.code, frameworkId: f.id, parentId });
    return row.id;
  });
  return pointView(deps.db, props.frameworkId, id);
}

/** Changes a point of a draft; a move below itself is refused with the loop spelled out. */
export async function pointUpdater(
  deps: Deps,
  ctx: OpContext,
  props: {
    id: number;
    code?: string | undefined;
    name?: string | undefined;
    nameEn?: string | null | undefined;
    description?: string | undefined;
    domain?: string | undefined;
    parentId?: number | null | undefined;
    position?: number | undefined;
  },
) {
  const { id, ...changes } = props;
  const point = await repo.findPoint(deps.db, id);
  if (!point) throw notFound('knowledge point', id);
  await deps.db.transaction(async (tx) => {
    const f = await lockedFramework(tx, point.frameworkId);
    assertDraft(f, 'knowledge points can be changed');
    if (changes.code !== undefined && changes.code !== point.code) await assertPointCodeFree(tx, f.id, changes.code, id);
    if (changes.parentId != null && changes.parentId !== point.parentId) {
      const parent = await pointOf(tx, f.id, changes.parentId, 'parentId');
      const points = await repo.listPoints(tx, f.id);
      const codeOf = new Map(points.map((p) => [p.id, p.code]));
      const upward: Edge<number>[] = points
        .filter((p) => p.parentId != null && p.id !== id)
        .map((p) => [p.id, p.parentId!] as const);
      const loop = cycleClosedBy(upward, id, parent.id);
      if (loop) {
        const codes = loop.map((k) => codeOf.get(k) ?? String(k));
        throw conflict(
          `Moving ${point.code} under ${parent.code} would make a cycle in the hierarchy: ${arrowPath(codes)}`,
          { cycle: codes },
        );
      }
    }
    await repo.updatePoint(tx, id, changes);
    await repo.touchFramework(tx, f.id);
    await audit(tx, ctx, 'knowledge-point.update', 'knowledge_point', id, { code: point.code, frameworkId: f.id, changes });
  });
  return pointView(deps.db, point.frameworkId, id);
}

/** Deletes a point of a draft that has no children and that nothing else refers to. */
export async function pointDeleter(deps: Deps, ctx: OpContext, props: { id: number }) {
  const point = await repo.findPoint(deps.db, props.id);
  if (!point) throw notFound('knowledge point', props.id);
  await deps.db.transaction(async (tx) => {
    const f = await lockedFramework(tx, point.frameworkId);
    assertDraft(f, 'knowledge points can be deleted');
    const children = await repo.countChildren(tx, point.id);
    if (children) {
      throw conflict(`Knowledge point ${point.code} has ${children} child point(s); move or delete them first`, {
        children,
      });
    }
    await assertUnreferenced(tx, [point.id], `Knowledge point ${point.code}`);
    await repo.deletePoint(tx, point.id); // its prerequisite edges go with it
    await repo.touchFramework(tx, f.id);
    await audit(tx, ctx, 'knowledge-point.delete', 'knowledge_point', point.id, { code: point.code, frameworkId: f.id });
  });
}

// ---- prerequisites --------------------------------------------------------------------

/** Adds `fromId → toId` (fromId before toId); an edge that would close a cycle is refused with it. */
export async function prerequisiteAdder(
  deps: Deps,
  ctx: OpContext,
  props: { frameworkId: number; fromId: number; toId: number },
) {
  await deps.db.transaction(async (tx) => {
    const f = await lockedFramework(tx, props.frameworkId);
    assertDraft(f, 'prerequisites can be added');
    const from = await pointOf(tx, f.id, props.fromId, 'fromId');
    const to = await pointOf(tx, f.id, props.toId, 'toId');
    const edges = await repo.listEdges(tx, f.id);
    if (edges.some((e) => e.fromId === from.id && e.toId === to.id)) {
      throw conflict(`${from.code} is already a prerequisite of ${to.code}`);
    }
    const cycle = cycleClosedBy(
      edges.map((e) => [e.fromId, e.toId] as const),
      from.id,
      to.id,
    );
    if (cycle) {
      const codeOf = new Map((await repo.listPoints(tx, f.id)).map((p) => [p.id, p.code]));
      const codes = cycle.map((k) => codeOf.get(k) ?? String(k));
      throw conflict(`Adding the prerequisite ${from.code} → ${to.code} would close a cycle: ${arrowPath(codes)}`, {
        cycle: codes,
      });
    }
    await repo.insertEdges(tx, [{ fromId: from.id, toId: to.id }]);
    await repo.touchFramework(tx, f.id);
    await audit(tx, ctx, 'prerequisite.add', 'framework', f.id, { from: from.code, to: to.code });
  });
  return { fromId: props.fromId, toId: props.toId };
}

export async function prerequisiteRemover(
  deps: Deps,
  ctx: OpContext,
  props: { frameworkId: number; fromId: number; toId: number },
) {
  await deps.db.transaction(async (tx) => {
    const f = await lockedFramework(tx, props.frameworkId);
    assertDraft(f, 'prerequisites can be removed');
    const from = await pointOf(tx, f.id, props.fromId, 'fromId');
    const to = await pointOf(tx, f.id, props.toId, 'toId');
    if (!(await repo.deleteEdge(tx, { fromId: from.id, toId: to.id }))) {
      throw notFound('prerequisite', `${from.code} → ${to.code}`);
    }
    await repo.touchFramework(tx, f.id);
    await audit(tx, ctx, 'prerequisite.remove', 'framework', f.id, { from: from.code, to: to.code });
  });
}

// ---- CASE 1.0 -------------------------------------------------------------------------

/** The framework as a CASE 1.0 CFPackage (mapping in framework.case.ts). */
export async function caseExporter(deps: Deps, id: number): Promise<CFPackage> {
  const f = await repo.findFramework(deps.db, id);
  if (!f) throw notFound('framework', id);
  const [points, edges] = await Promise.all([repo.listPoints(deps.db, id), repo.listEdgesWithTimes(deps.db, id)]);
  return toCasePackage(f, points, edges);
}

const CODE = /^[\p{L}\p{N}._:/-]{1,64}$/u;
const VERSION = /^[^\p{Cc}]{1,64}$/u;

/** A framework code from a document title: its ASCII letters and digits, else from the identifier. */
function codeFromTitle(title: string, identifier: string) {
  const ascii = title
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toUpperCase()
    .slice(0, 48);
  return ascii || `CASE-${identifier.replace(/[^A-Za-z0-9]/g, '').slice(0, 8).toUpperCase() || 'IMPORT'}`;
}

/**
 * Where an import goes. The code is `?code=`, else the package's `extensions.xueliCode`, else
 * that of the framework with the document's identifier, else one made from the title. When
 * that code exists, the import is a new draft version of it (following its latest version;
 * points with the same identifiers get `originId`), and the framework gets a fresh identifier
 * if the document's is taken. The version is `?version=`, else the document's, else "1.0".
 */
async function caseTarget(db: Db, pkg: CFPackage, query: { code?: string | undefined; version?: string | undefined }) {
  const doc = pkg.CFDocument;
  const byIdentifier = await repo.findFrameworkByIdentifier(db, doc.identifier);
  const fromPackage = doc.extensions?.xueliCode?.trim();
  if (!query.code && fromPackage && !CODE.test(fromPackage)) {
    throw fieldError('CFDocument.extensions.xueliCode', `The framework code '${fromPackage}' must be 1–64 letters, digits or . _ : / -`);
  }
  const derived = !query.code && !fromPackage && !byIdentifier;
  const code = query.code ?? (fromPackage || byIdentifier?.code || codeFromTitle(doc.title, doc.identifier));
  const previous = await repo.latestFrameworkOfCode(db, code);
  if (previous && derived) {
    throw conflict(
      `The code ${code} (made from the document title) belongs to another framework; pass ?code= to choose the framework code`,
      { code },
    );
  }
  const version = (query.version ?? doc.version?.trim()) || '1.0';
  if (!VERSION.test(version)) throw fieldError('CFDocument.version', 'The version must be 1–64 characters without control characters');
  await assertVersionFree(db, code, version);
  return {
    mode: previous ? ('version' as const) : ('new' as const),
    code,
    version,
    previous: previous ?? null,
    identifier: byIdentifier ? randomUUID() : doc.identifier,
    name: doc.title.trim(),
    nameEn: doc.extensions?.titleEn?.trim() || previous?.nameEn || null,
    description: doc.description?.trim().slice(0, 5000) ?? '',
  };
}

/**
 * Imports a CASE 1.0 package as a new draft framework, or as a new draft version of an
 * existing one (see `caseTarget`). The whole package is validated first (framework.case.ts);
 * any problem is a 400 listing them all (`errors`, and `cycle` when a relation loops). With
 * `dryRun` nothing is written; otherwise everything is written in one transaction.
 */
export async function caseImporter(
  deps: Deps,
  ctx: OpContext,
  props: { pkg: CFPackage; dryRun: boolean; code?: string | undefined; version?: string | undefined },
): Promise<CaseImportReport> {
  const checked = validateCasePackage(props.pkg);
  if (!checked.ok) {
    const first = checked.errors[0]!.message;
    throw invalid(
      checked.errors.length === 1 ? `The CASE package is invalid: ${first}` : `The CASE package has ${checked.errors.length} problems; the first: ${first}`,
      { errors: checked.errors, warnings: checked.warnings, ...(checked.cycle ? { cycle: checked.cycle } : {}) },
    );
  }
  const report = (target: Awaited<ReturnType<typeof caseTarget>>, frameworkId: number | null): CaseImportReport => ({
    dryRun: props.dryRun,
    mode: target.mode,
    code: target.code,
    name: target.name,
    version: target.version,
    previousVersionId: target.previous?.id ?? null,
    points: checked.points.length,
    hierarchyLinks: checked.hierarchyLinks,
    prerequisites: checked.prerequisites.length,
    warnings: checked.warnings,
    frameworkId,
  });
  if (props.dryRun) return report(await caseTarget(deps.db, props.pkg, props), null);

  return deps.db.transaction(async (tx) => {
    const target = await caseTarget(tx, props.pkg, props);
    if (target.previous) await repo.lockFramework(tx, target.previous.id);
    const originOf = new Map(
      target.previous ? (await repo.listPoints(tx, target.previous.id)).map((p) => [p.identifier, p.id]) : [],
    );
    const row = await repo.insertFramework(tx, {
      identifier: target.identifier,
      code: target.code,
      name: target.name,
      nameEn: target.nameEn,
      description: target.description,
      version: target.version,
      status: 'draft',
      previousVersionId: target.previous?.id ?? null,
      createdBy: ctx.actorUserId,
    });
    await writePoints(
      tx,
      row.id,
      checked.points.map((p) => ({
        key: p.identifier,
        identifier: p.identifier,
        code: p.code,
        name: p.name,
        nameEn: p.nameEn,
        description: p.description,
        domain: p.domain,
        position: p.position,
        originId: originOf.get(p.identifier) ?? null,
        parentKey: p.parentIdentifier,
      })),
      checked.prerequisites,
    );
    await audit(tx, ctx, 'framework.import', 'framework', row.id, {
      format: 'case-1.0',
      documentIdentifier: props.pkg.CFDocument.identifier,
      mode: target.mode,
      code: target.code,
      version: target.version,
      points: checked.points.length,
      prerequisites: checked.prerequisites.length,
      warnings: checked.warnings,
    });
    return report(target, row.id);
  });
}

// ---- CSV ------------------------------------------------------------------------------

const safeFileName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');

/** The points as CSV (UTF-8 with BOM), depth-first. */
export async function pointsCsvExporter(deps: Deps, id: number) {
  const f = await repo.findFramework(deps.db, id);
  if (!f) throw notFound('framework', id);
  const [points, edges] = await Promise.all([repo.listPoints(deps.db, id), repo.listEdges(deps.db, id)]);
  return {
    filename: `${safeFileName(f.code)}-${safeFileName(f.version)}-points.csv`,
    body: pointsCsv(
      depthFirst(points).map((x) => x.node),
      edges,
    ),
  };
}

/** Problems listed in a response; `errorCount` tells how many were found in all. */
const MAX_REPORTED_ERRORS = 1000;

const summarize = (plan: PointsPlan, dryRun: boolean): ImportSummary => ({
  dryRun,
  totalRows: plan.totalRows,
  toCreate: plan.creates.length,
  toUpdate: plan.updates.length,
  unchanged: plan.unchanged,
  errors: plan.errors.slice(0, MAX_REPORTED_ERRORS),
  errorCount: plan.errors.length,
});

async function writePointsPlan(tx: Db, frameworkId: number, plan: PointsPlan, existing: readonly repo.PointRow[]) {
  const base = existing.reduce((m, p) => Math.max(m, p.position + 1), 0);
  const inserted = await repo.insertPoints(
    tx,
    plan.creates.map((d, i) => ({
      frameworkId,
      identifier: randomUUID(),
      code: d.code,
      name: d.name,
      nameEn: d.nameEn,
      description: d.description,
      domain: d.domain,
      position: base + i,
    })),
  );
  const idOf = new Map(existing.map((p) => [p.code, p.id]));
  plan.creates.forEach((d, i) => idOf.set(d.code, inserted[i]!.id));
  await repo.updatePointTexts(
    tx,
    plan.updates.map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn, description: d.description, domain: d.domain })),
  );
  const drafts = [...plan.creates, ...plan.updates];
  await repo.setParents(
    tx,
    drafts.map((d) => [idOf.get(d.code)!, d.parentCode == null ? null : idOf.get(d.parentCode)!] as const),
  );
  const listed = drafts.filter((d) => d.prerequisites !== undefined);
  await repo.deleteEdgesInto(
    tx,
    plan.updates.filter((d) => d.prerequisites !== undefined).map((d) => d.id),
  );
  await repo.insertEdges(
    tx,
    listed.flatMap((d) => d.prerequisites!.map((c) => ({ fromId: idOf.get(c)!, toId: idOf.get(d.code)! }))),
  );
  await repo.touchFramework(tx, frameworkId);
}

/**
 * Imports knowledge points from a CSV file into a draft framework (upsert by code; rules in
 * framework.csv.ts). With `dryRun` nothing is written and every problem is listed with its
 * line. Without it, a file with any problem is refused as a whole (`import-invalid`, 422, with
 * the same summary); otherwise it is written in one transaction with one audit entry.
 */
export async function pointsCsvImporter(
  deps: Deps,
  ctx: OpContext,
  props: { frameworkId: number; bytes: Buffer; dryRun: boolean },
): Promise<ImportSummary> {
  const { text, encoding } = decodeTextFile(props.bytes);
  const table = parseCsvTable(text, pointHeaders);
  const planFor = async (db: Db, f: repo.FrameworkRow) => {
    const [points, edges] = await Promise.all([repo.listPoints(db, f.id), repo.listEdges(db, f.id)]);
    return { points, plan: planPointsImport(table, points, edges) };
  };

  if (props.dryRun) {
    const f = await repo.findFramework(deps.db, props.frameworkId);
    if (!f) throw notFound('framework', props.frameworkId);
    assertDraft(f, 'points can be imported');
    return summarize((await planFor(deps.db, f)).plan, true);
  }

  return deps.db.transaction(async (tx) => {
    const f = await lockedFramework(tx, props.frameworkId);
    assertDraft(f, 'points can be imported');
    const { points, plan } = await planFor(tx, f);
    if (plan.errors.length) {
      throw new DomainError('import-invalid', `The file has ${plan.errors.length} problem(s); nothing was imported`, {
        ...summarize(plan, false),
      });
    }
    await writePointsPlan(tx, f.id, plan, points);
    await audit(tx, ctx, 'framework.points.import', 'framework', f.id, {
      encoding,
      totalRows: plan.totalRows,
      created: plan.creates.length,
      updated: plan.updates.length,
      unchanged: plan.unchanged,
    });
    return summarize(plan, false);
  });
}
