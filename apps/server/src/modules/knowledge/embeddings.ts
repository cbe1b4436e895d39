/**
 * Embeddings for vector retrieval. The embedding model is the one an administrator configured in
 * `ai_settings` (mode 'openai', `embedding_model` set); with none, or offline, retrieval is lexical
 * only and chunks are stored without vectors.
 *
 * TODO(issue 6, AI runtime): the AI helper is adding `aiProviderFor(deps).embed(...)` in
 * lib/ai/runtime.ts. Until it exists `embedTexts` and `embedQuery` answer null (no vectors), so the
 * knowledge base is lexical only; wire them to the runtime when it lands — nothing else changes
 * (the index job stores vectors with their model name; search fuses cosine top-k with `rrf`).
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { aiSettings } from '../../db/schema/index.ts';
import type { Deps } from '../../deps.ts';

/** The configured embedding model's name, or null (offline, or no embedding model set). */
export async function configuredEmbeddingModel(db: Db): Promise<string | null> {
  const [row] = await db
    .select({ model: aiSettings.embeddingModel })
    .from(aiSettings)
    .where(and(eq(aiSettings.id, 1), eq(aiSettings.mode, 'openai'), isNotNull(aiSettings.embeddingModel)));
  return row?.model ?? null;
}

export interface Embedded {
  model: string;
  vectors: number[][];
}

/**
 * Vectors for texts (in batches, reporting the share done), or null when no embedding provider is
 * available. A failure of the provider throws (the index job then fails and keeps the old chunks).
 */
export async function embedTexts(
  deps: Deps,
  texts: string[],
  opts: { actorUserId: number | null; onProgress?: (done: number) => Promise<void> },
): Promise<Embedded | null> {
  const model = await configuredEmbeddingModel(deps.db);
  if (!model || texts.length === 0) return null;
  void opts;
  // TODO(issue 6, AI runtime): aiProviderFor(deps).embed({ feature: 'kb.index', texts }) in batches of 64.
  return null;
}

/** The query's vector, or null (no provider, or the call failed: search falls back to lexical). */
export async function embedQuery(deps: Deps, text: string, actorUserId: number | null): Promise<{ model: string; vector: number[] } | null> {
  const model = await configuredEmbeddingModel(deps.db);
  if (!model || text.trim() === '') return null;
  void actorUserId;
  // TODO(issue 6, AI runtime): aiProviderFor(deps).embed({ feature: 'kb.search', texts: [text] }); null on failure.
  return null;
}
