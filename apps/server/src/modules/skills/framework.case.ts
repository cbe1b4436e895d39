/**
 * 1EdTech CASE 1.0 (Competencies and Academic Standards Exchange) for skill frameworks: the
 * export of a framework as a CFPackage, and the validation of a package before import. Pure:
 * no I/O.
 *
 * Mapping (Xueli → CASE):
 *   framework        → CFDocument: title = name, version, description, identifier (a UUID, kept
 *                      across export/import), adoptionStatus = Draft | Adopted | Deprecated for
 *                      draft | published | retired, language "zh", creator "Xueli"; the
 *                      framework code and English name go in `extensions` { xueliCode, titleEn }
 *                      (the extension point CASE 1.1 standardised; CASE 1.0 readers ignore it).
 *   knowledge point  → CFItem: fullStatement = name (zh), abbreviatedStatement = English name,
 *                      humanCodingScheme = code, notes = description, conceptKeywords = [domain],
 *                      listEnumeration = position among siblings (1-based), CFItemType
 *                      "Knowledge Point", identifier kept across versions.
 *   hierarchy        → CFAssociation isChildOf: origin = the child, destination = its parent
 *                      (the CFDocument for a top-level point), sequenceNumber = sibling order.
 *   prerequisite     → CFAssociation precedes: origin = the prerequisite, destination = the
 *                      point it comes before.
 * URIs: `urn:uuid:<identifier>` (stable, no host name baked in). Association identifiers are
 * name-based UUIDs of (document, type, origin, destination), so exporting twice gives the
 * same package.
 *
 * Import rules (`validateCasePackage`): every item needs a humanCodingScheme (the point's code),
 * unique in the package; `isChildOf` and `precedes` must connect items of this package (or, for
 * isChildOf, an item to the document); an item has at most one parent; neither relation may
 * contain a cycle. Other association types are ignored, with a warning.
 */
import { createHash } from 'node:crypto';
import type { CFPackage } from '@xueli/contracts';
import { findCycle, type Edge } from '@xueli/engine';
import { arrowPath, depthFirst } from './framework.tree.ts';

/** What the CASE mapping needs of a framework, its points and its edges. */
export interface CaseFramework {
  identifier: string;
  code: string;
  name: string;
  nameEn: string | null;
  description: string;
  version: string;
  status: 'draft' | 'published' | 'retired';
  updatedAt: Date;
}
export interface CasePoint {
  id: number;
  identifier: string;
  code: string;
  name: string;
  nameEn: string | null;
  description: string;
  domain: string;
  parentId: number | null;
  position: number;
  updatedAt: Date;
}
export interface CaseEdge {
  fromId: number;
  toId: number;
  createdAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A URI for a CASE object: `urn:uuid:` for UUIDs, otherwise a Xueli URN. */
export const caseUri = (identifier: string) =>
  UUID.test(identifier) ? `urn:uuid:${identifier.toLowerCase()}` : `urn:xueli:case:${encodeURIComponent(identifier)}`;

/** A name-based UUID (RFC 4122 version 5 layout over SHA-1) of the given parts. */
export function nameUuid(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const ADOPTION: Record<CaseFramework['status'], string> = { draft: 'Draft', published: 'Adopted', retired: 'Deprecated' };

export const KNOWLEDGE_POINT_TYPE = 'Knowledge Point';

/** The framework as a CASE 1.0 CFPackage (see the mapping above). */
export function toCasePackage(fw: CaseFramework, points: readonly CasePoint[], edges: readonly CaseEdge[]): CFPackage {
  const docLink = { title: fw.name, identifier: fw.identifier, uri: caseUri(fw.identifier) };
  const ordered = depthFirst(points).map((x) => x.node);
  const byId = new Map(points.map((p) => [p.id, p]));
  const link = (p: CasePoint) => ({ title: p.name, identifier: p.identifier, uri: caseUri(p.identifier) });

  // Sibling order as 1-based sequence numbers (positions may have gaps).
  const sequence = new Map<number, number>();
  const counters = new Map<number | null, number>();
  for (const p of ordered) {
    const key = p.parentId != null && byId.has(p.parentId) ? p.parentId : null;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    sequence.set(p.id, n);
  }

  const CFItems: CFPackage['CFItems'] = ordered.map((p) => ({
    identifier: p.identifier,
    uri: caseUri(p.identifier),
    fullStatement: p.name,
    ...(p.nameEn ? { abbreviatedStatement: p.nameEn } : {}),
    humanCodingScheme: p.code,
    listEnumeration: String(sequence.get(p.id)),
    CFItemType: KNOWLEDGE_POINT_TYPE,
    language: 'zh',
    ...(p.description ? { notes: p.description } : {}),
    ...(p.domain ? { conceptKeywords: [p.domain] } : {}),
    lastChangeDateTime: p.updatedAt.toISOString(),
    CFDocumentURI: docLink,
  }));

  const association = (
    type: 'isChildOf' | 'precedes',
    origin: { title: string; identifier: string; uri: string },
    destination: { title: string; identifier: string; uri: string },
    changed: Date,
    sequenceNumber?: number,
  ): CFPackage['CFAssociations'][number] => {
    const identifier = nameUuid(fw.identifier, type, origin.identifier, destination.identifier);
    return {
      identifier,
      uri: caseUri(identifier),
      associationType: type,
      ...(sequenceNumber === undefined ? {} : { sequenceNumber }),
      originNodeURI: origin,
      destinationNodeURI: destination,
      lastChangeDateTime: changed.toISOString(),
      CFDocumentURI: docLink,
    };
  };

  const CFAssociations: CFPackage['CFAssociations'] = [];
  for (const p of ordered) {
    const parent = p.parentId != null ? byId.get(p.parentId) : undefined;
    CFAssociations.push(association('isChildOf', link(p), parent ? link(parent) : docLink, p.updatedAt, sequence.get(p.id)));
  }
  for (const e of edges) {
    const from = byId.get(e.fromId);
    const to = byId.get(e.toId);
    if (from && to) CFAssociations.push(association('precedes', link(from), link(to), e.createdAt));
  }

  return {
    CFDocument: {
      identifier: fw.identifier,
      uri: docLink.uri,
      creator: 'Xueli',
      title: fw.name,
      lastChangeDateTime: fw.updatedAt.toISOString(),
      ...(fw.description ? { description: fw.description } : {}),
      language: 'zh',
      version: fw.version,
      adoptionStatus: ADOPTION[fw.status],
      CFPackageURI: docLink,
      extensions: { xueliCode: fw.code, titleEn: fw.nameEn },
    },
    CFItems,
    CFAssociations,
  };
}

// ---- import ---------------------------------------------------------------------------

/** A point as the import will write it; parents and prerequisites by item identifier. */
export interface ImportedPoint {
  identifier: string;
  code: string;
  name: string;
  nameEn: string | null;
  description: string;
  domain: string;
  parentIdentifier: string | null;
  position: number;
}

export interface CaseProblem {
  path: string;
  message: string;
}

export type CaseValidation =
  | {
      ok: true;
      points: ImportedPoint[];
      /** `[prerequisite identifier, dependent identifier]`. */
      prerequisites: Edge<string>[];
      hierarchyLinks: number;
      warnings: string[];
    }
  | { ok: false; errors: CaseProblem[]; cycle: string[] | null; warnings: string[] };

/**
 * A cycle (closed walk) rotated to start with its edge made by the latest association, so it
 * reads like the API's refusal of a new edge: `from → to → … → from`.
 */
function fromClosingEdge(cycle: readonly string[], indexOf: ReadonlyMap<string, number>): string[] {
  const open = cycle.slice(0, -1);
  let best = 0;
  for (let i = 1; i < open.length; i++) {
    const key = (j: number) => `${open[j]}\u0000${open[(j + 1) % open.length]}`;
    if ((indexOf.get(key(i)) ?? -1) > (indexOf.get(key(best)) ?? -1)) best = i;
  }
  const r = [...open.slice(best), ...open.slice(0, best)];
  return [...r, r[0]!];
}

/** Same rule as the API's point codes (contracts: skillCode). */
const CODE = /^[\p{L}\p{N}._:/-]{1,64}$/u;
const MAX_NAME = 500;
const MAX_DESCRIPTION = 5000;

/**
 * Checks a whole CFPackage (already shape-checked by zod) against Xueli's model and, when it
 * fits, returns the points and edges to write. Every problem is collected, not just the first.
 */
export function validateCasePackage(pkg: CFPackage): CaseValidation {
  const errors: CaseProblem[] = [];
  const warnings: string[] = [];
  let cycle: string[] | null = null;
  const docId = pkg.CFDocument.identifier;

  // Items: unique identifiers and codes, names that fit.
  const items = new Map<string, { index: number; code: string }>();
  const codeOwner = new Map<string, number>();
  pkg.CFItems.forEach((item, i) => {
    const at = `CFItems[${i}]`;
    if (item.identifier === docId) {
      errors.push({ path: `${at}.identifier`, message: `${at} has the identifier of the CFDocument (${docId})` });
    } else if (items.has(item.identifier)) {
      errors.push({
        path: `${at}.identifier`,
        message: `${at} repeats the identifier ${item.identifier} of CFItems[${items.get(item.identifier)!.index}]`,
      });
    }
    const code = item.humanCodingScheme?.trim() ?? '';
    if (!code) {
      errors.push({
        path: `${at}.humanCodingScheme`,
        message: `${at} (${item.identifier}) has no humanCodingScheme; Xueli needs a code on every knowledge point`,
      });
    } else if (!CODE.test(code)) {
      errors.push({
        path: `${at}.humanCodingScheme`,
        message: `${at}: the code '${code}' must be 1–64 letters, digits or . _ : / -`,
      });
    } else if (codeOwner.has(code)) {
      errors.push({
        path: `${at}.humanCodingScheme`,
        message: `${at}: the humanCodingScheme ${code} is also used by CFItems[${codeOwner.get(code)!}]`,
      });
    } else {
      codeOwner.set(code, i);
    }
    if (item.fullStatement.length > MAX_NAME) {
      errors.push({ path: `${at}.fullStatement`, message: `${at}: fullStatement is longer than ${MAX_NAME} characters` });
    }
    if ((item.abbreviatedStatement?.trim().length ?? 0) > MAX_NAME) {
      errors.push({
        path: `${at}.abbreviatedStatement`,
        message: `${at}: abbreviatedStatement is longer than ${MAX_NAME} characters`,
      });
    }
    if ((item.notes?.trim().length ?? 0) > MAX_DESCRIPTION) {
      errors.push({ path: `${at}.notes`, message: `${at}: notes are longer than ${MAX_DESCRIPTION} characters` });
    }
    if (!items.has(item.identifier)) items.set(item.identifier, { index: i, code });
  });
  const codeOf = (identifier: string) => items.get(identifier)?.code || identifier;

  // Associations: hierarchy and prerequisites between items of this package.
  const parentOf = new Map<string, { parent: string | null; index: number; sequence: number | undefined }>();
  const prerequisites: Edge<string>[] = [];
  /** Edge key → index of the association that made it. */
  const edgeIndex = new Map<string, number>();
  const ignored = new Map<string, number>();
  pkg.CFAssociations.forEach((a, i) => {
    const at = `CFAssociations[${i}]`;
    const type = a.associationType;
    if (type !== 'isChildOf' && type !== 'precedes') {
      ignored.set(type, (ignored.get(type) ?? 0) + 1);
      return;
    }
    const origin = a.originNodeURI.identifier;
    const destination = a.destinationNodeURI.identifier;
    const known = (id: string, end: 'originNodeURI' | 'destinationNodeURI', documentAllowed: boolean) => {
      if (items.has(id)) return true;
      if (id === docId) {
        if (documentAllowed) return true;
        errors.push({ path: `${at}.${end}.identifier`, message: `${at} (${type}): the ${end} cannot be the CFDocument` });
        return false;
      }
      errors.push({
        path: `${at}.${end}.identifier`,
        message: `${at} (${type}): the ${end} ${id} is neither a CFItem nor the CFDocument of this package`,
      });
      return false;
    };
    const okOrigin = known(origin, 'originNodeURI', false);
    const okDestination = known(destination, 'destinationNodeURI', type === 'isChildOf');
    if (!okOrigin || !okDestination) return;

    if (type === 'isChildOf') {
      const parent = destination === docId ? null : destination;
      const before = parentOf.get(origin);
      if (before && before.parent !== parent) {
        errors.push({
          path: at,
          message: `${at}: ${codeOf(origin)} is already a child of ${before.parent ? codeOf(before.parent) : 'the document'} (CFAssociations[${before.index}]); a knowledge point has one parent`,
        });
      } else if (!before) {
        parentOf.set(origin, { parent, index: i, sequence: a.sequenceNumber });
      }
      return;
    }
    const key = `${origin}\u0000${destination}`;
    if (edgeIndex.has(key)) return;
    edgeIndex.set(key, i);
    prerequisites.push([origin, destination]);
  });
  for (const [type, n] of [...ignored].sort()) {
    warnings.push(`${n} association(s) of type ${type} ignored: Xueli reads isChildOf and precedes`);
  }

  // Cycles, spelled out by code from the association that closes them (the last in the package).
  const hierarchy: Edge<string>[] = [...parentOf].filter(([, p]) => p.parent != null).map(([c, p]) => [c, p.parent!]);
  const hierarchyIndex = new Map([...parentOf].map(([c, p]) => [`${c}\u0000${p.parent}`, p.index]));
  const hierarchyCycle = findCycle([], hierarchy);
  if (hierarchyCycle) {
    const codes = fromClosingEdge(hierarchyCycle, hierarchyIndex).map(codeOf);
    cycle = codes;
    errors.push({ path: 'CFAssociations', message: `isChildOf associations form a cycle: ${arrowPath(codes)}` });
  }
  const prerequisiteCycle = findCycle([], prerequisites);
  if (prerequisiteCycle) {
    const codes = fromClosingEdge(prerequisiteCycle, edgeIndex).map(codeOf);
    cycle ??= codes;
    errors.push({ path: 'CFAssociations', message: `precedes associations form a cycle: ${arrowPath(codes)}` });
  }

  if (errors.length) return { ok: false, errors, cycle, warnings };

  // Sibling order: sequenceNumber, then the order of the items in the package.
  const siblings = new Map<string | null, { identifier: string; sequence: number; index: number }[]>();
  for (const item of pkg.CFItems) {
    const p = parentOf.get(item.identifier);
    const key = p?.parent ?? null;
    const entry = { identifier: item.identifier, sequence: p?.sequence ?? Number.MAX_SAFE_INTEGER, index: items.get(item.identifier)!.index };
    const list = siblings.get(key);
    if (list) list.push(entry);
    else siblings.set(key, [entry]);
  }
  const position = new Map<string, number>();
  for (const list of siblings.values()) {
    list.sort((a, b) => a.sequence - b.sequence || a.index - b.index);
    list.forEach((e, i) => position.set(e.identifier, i));
  }

  const points: ImportedPoint[] = pkg.CFItems.map((item) => ({
    identifier: item.identifier,
    code: item.humanCodingScheme!.trim(),
    name: item.fullStatement.trim(),
    nameEn: item.abbreviatedStatement?.trim() || null,
    description: item.notes?.trim() ?? '',
    domain: item.conceptKeywords?.[0]?.trim().slice(0, 100) ?? '',
    parentIdentifier: parentOf.get(item.identifier)?.parent ?? null,
    position: position.get(item.identifier) ?? 0,
  }));
  return { ok: true, points, prerequisites, hierarchyLinks: hierarchy.length, warnings };
}
