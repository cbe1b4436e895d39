/** What leaves the server for skill frameworks, knowledge points and prerequisite edges. */
import type { FrameworkDetail, FrameworkItem, KnowledgePointItem } from '@xueli/contracts';
import { iso } from '../../lib/present.ts';
import type { EdgeRow, FrameworkWithCounts, PointRow } from './framework.repo.ts';
import { depthFirst } from './framework.tree.ts';

export const presentFramework = (f: FrameworkWithCounts): FrameworkItem => ({
  id: f.id,
  identifier: f.identifier,
  code: f.code,
  name: f.name,
  nameEn: f.nameEn,
  description: f.description,
  version: f.version,
  status: f.status,
  previousVersionId: f.previousVersionId,
  pointCount: f.pointCount,
  prerequisiteCount: f.prerequisiteCount,
  createdAt: f.createdAt.toISOString(),
  updatedAt: f.updatedAt.toISOString(),
  publishedAt: iso(f.publishedAt),
});

export const presentPoint = (p: PointRow, depth: number): KnowledgePointItem => ({
  id: p.id,
  frameworkId: p.frameworkId,
  identifier: p.identifier,
  code: p.code,
  name: p.name,
  nameEn: p.nameEn,
  description: p.description,
  domain: p.domain,
  parentId: p.parentId,
  depth,
  position: p.position,
  originId: p.originId,
});

/** The points depth-first (parents before children, siblings by position then code). */
export const presentPoints = (points: readonly PointRow[]): KnowledgePointItem[] =>
  depthFirst(points).map(({ node, depth }) => presentPoint(node, depth));

export const presentFrameworkDetail = (
  f: FrameworkWithCounts,
  points: readonly PointRow[],
  edges: readonly EdgeRow[],
): FrameworkDetail => ({
  ...presentFramework(f),
  points: presentPoints(points),
  prerequisites: edges.map((e) => ({ fromId: e.fromId, toId: e.toId })),
});
