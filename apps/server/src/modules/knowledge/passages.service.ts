/**
 * Passages of the knowledge base for the people and features that read it: search (the search box,
 * the AI tutor), every passage of chosen documents (content generation) and one cited passage (the
 * tutor's citation links). Every read applies the one visibility rule of `policy.ts`: a passage of a
 * collection the actor may not see is never returned — the retriever's `filter` drops it before the
 * top k, so it cannot even take a lower place — and asking for it by id is answered as missing.
 */
import { rrf, TopK } from '@xueli/engine';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { notFound } from '../../lib/errors.ts';
import { embedQuery } from './embeddings.ts';
import * as repo from './passages.repo.ts';
import { inKbScope, kbScope, type KbScope } from './policy.ts';
import { kbIndex, type KbIndex } from './search-index.ts';

export interface KbPassage {
  chunkId: number;
  documentId: number;
  documentTitle: string;
  collectionId: number;
  headingPath: string[];
  ord: number;
  text: string;
  score: number;
}

/** The most passages one search returns. */
export const MAX_SEARCH_K = 50;

const present = (r: repo.PassageRow, score: number): KbPassage => ({ ...r, headingPath: r.headingPath ?? [], score });

/** Cosine similarity top-k over the chunks `allowed` lets through that carry a vector of `model`. */
function vectorSearch(index: KbIndex, query: { model: string; vector: number[] }, k: number, allowed: (chunkId: number) => boolean): { id: string; score: number }[] {
  const q = Float32Array.from(query.vector);
  let qn = 0;
  for (const x of q) qn += x * x;
  qn = Math.sqrt(qn);
  if (qn === 0) return [];
  const top = new TopK(k);
  for (const [id, c] of index.chunks) {
    const v = c.embedding;
    if (!v || c.embeddingModel !== query.model || v.length !== q.length || !allowed(id)) continue;
    let dot = 0,
      vn = 0;
    for (let i = 0; i < v.length; i++) {
      dot += v[i]! * q[i]!;
      vn += v[i]! * v[i]!;
    }
    if (vn === 0) continue;
    top.push(dot / (qn * Math.sqrt(vn)), id);
  }
  return top.sorted().map((h) => ({ id: String(h.key), score: h.score }));
}

/** Which collections a search may look in: the course's (visible) collections when it has any, else every visible one. */
async function searchCollections(deps: Deps, scope: KbScope, courseId: number | null | undefined): Promise<ReadonlySet<number> | null> {
  if (courseId != null) {
    const linked = (await repo.collectionIdsOfCourse(deps.db, courseId)).filter((id) => inKbScope(scope, id));
    if (linked.length) return new Set(linked);
  }
  return scope.kind === 'all' ? null : scope.collectionIds;
}

/**
 * The k passages that best answer `query`, best first, among those the actor may see (and, with
 * `courseId`, in that course's collections; with `documentIds`, in those documents). Lexical
 * retrieval, fused by reciprocal rank with cosine similarity when chunks carry vectors of the
 * configured embedding model and the provider embeds the query.
 */
export async function searchPassages(
  deps: Deps,
  props: { actor: Actor; query: string; k: number; courseId?: number | null; documentIds?: number[] },
): Promise<KbPassage[]> {
  const query = props.query.trim();
  const k = Math.min(MAX_SEARCH_K, Math.max(1, Math.floor(props.k)));
  if (!query) return [];
  const scope = await kbScope(deps.db, props.actor);
  const collections = await searchCollections(deps, scope, props.courseId);
  if (collections && collections.size === 0) return [];
  const docs = props.documentIds ? new Set(props.documentIds) : null;
  if (docs && docs.size === 0) return [];
  const index = await kbIndex(deps.db);
  const qv = index.vectors > 0 ? await embedQuery(deps, query, props.actor.userId) : null;
  const allowed = (chunkId: number) => {
    const c = index.chunks.get(chunkId);
    return c !== undefined && (collections === null || collections.has(c.collectionId)) && (docs === null || docs.has(c.documentId));
  };
  const depth = qv ? Math.max(k * 2, 20) : k;
  const lexical = index.retriever.search(query, { k: depth, filter: (id) => allowed(Number(id)) });
  const vector = qv ? vectorSearch(index, qv, depth, allowed) : [];
  const ranked = vector.length ? rrf([lexical, vector], { limit: k }) : lexical.slice(0, k);
  if (!ranked.length) return [];
  const rows = new Map((await repo.passagesByIds(deps.db, ranked.map((h) => Number(h.id)))).map((r) => [r.chunkId, r]));
  const out: KbPassage[] = [];
  for (const h of ranked) {
    const r = rows.get(Number(h.id));
    // the database has the last word: a chunk deleted meanwhile, or moved out of scope, is dropped
    if (!r || !inKbScope(scope, r.collectionId) || (collections && !collections.has(r.collectionId))) continue;
    out.push(present(r, h.score));
  }
  return out;
}

/**
 * Every passage of the given documents, in document order, grouped by document (in the order
 * asked). A document that does not exist or that the actor may not see is a 404.
 */
export async function documentPassages(
  deps: Deps,
  props: { actor: Actor; documentIds: number[] },
): Promise<{ documentId: number; title: string; passages: KbPassage[] }[]> {
  const ids = [...new Set(props.documentIds)];
  if (!ids.length) return [];
  const scope = await kbScope(deps.db, props.actor);
  const heads = new Map((await repo.documentHeads(deps.db, ids)).map((d) => [d.id, d]));
  for (const id of ids) {
    const d = heads.get(id);
    if (!d || !inKbScope(scope, d.collectionId)) throw notFound('document', id);
  }
  const byDoc = new Map<number, KbPassage[]>(ids.map((id) => [id, []]));
  for (const r of await repo.passagesOfDocuments(deps.db, ids)) byDoc.get(r.documentId)!.push(present(r, 0));
  return ids.map((id) => ({ documentId: id, title: heads.get(id)!.title, passages: byDoc.get(id)! }));
}

/** One passage by id (a citation link); 404 when it does not exist or the actor may not see it. */
export async function passageViewer(deps: Deps, props: { actor: Actor; chunkId: number }): Promise<KbPassage> {
  const [r] = await repo.passagesByIds(deps.db, [props.chunkId]);
  if (!r) throw notFound('passage', props.chunkId);
  const scope = await kbScope(deps.db, props.actor);
  if (!inKbScope(scope, r.collectionId)) throw notFound('passage', props.chunkId);
  return present(r, 0);
}
