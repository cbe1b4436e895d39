/**
 * Embeddings for vector retrieval, through the AI runtime (`aiProviderFor(deps).embed`, ADR 0016).
 * With no embedding model configured (offline, or none set) retrieval is lexical only and chunks
 * are stored without vectors; a query whose embedding fails falls back to lexical only.
 */
import type { Deps } from '../../deps.ts';
import { EMBED_BATCH } from '../../lib/ai/provider.ts';
import { aiProviderFor } from '../../lib/ai/runtime.ts';

/** The configured embedding model's name, or null (offline, or no embedding model set). */
export async function configuredEmbeddingModel(deps: Deps): Promise<string | null> {
  const caps = await aiProviderFor(deps).capabilities();
  return caps.embeddings ? caps.embeddingModel : null;
}

export interface Embedded {
  model: string;
  vectors: number[][];
}

/**
 * Vectors for texts (in batches, reporting how many are done), or null when no embedding model is
 * configured. A failure of the provider throws (the index job then fails and keeps the old chunks).
 */
export async function embedTexts(
  deps: Deps,
  texts: string[],
  opts: { actorUserId: number | null; subject?: string; onProgress?: (done: number) => Promise<void> },
): Promise<Embedded | null> {
  if (texts.length === 0 || !(await configuredEmbeddingModel(deps))) return null;
  const provider = aiProviderFor(deps);
  const vectors: number[][] = [];
  let model: string | null = null;
  for (let at = 0; at < texts.length; at += EMBED_BATCH) {
    const r = await provider.embed({ feature: 'kb.embed', actorUserId: opts.actorUserId, subject: opts.subject ?? null, inputs: texts.slice(at, at + EMBED_BATCH) });
    if (!r.ok) {
      if (r.kind === 'not_configured') return null;
      throw new Error(`The embedding model failed (${r.kind}): ${r.message}`);
    }
    if (model !== null && r.model !== model) throw new Error('The embedding model changed while indexing: index the document again');
    model = r.model;
    vectors.push(...r.data);
    await opts.onProgress?.(vectors.length);
  }
  return model ? { model, vectors } : null;
}

/** The query's vector, or null (no embedding model, or the call failed: search falls back to lexical). */
export async function embedQuery(deps: Deps, text: string, actorUserId: number | null): Promise<{ model: string; vector: number[] } | null> {
  if (text.trim() === '' || !(await configuredEmbeddingModel(deps))) return null;
  const r = await aiProviderFor(deps).embed({ feature: 'kb.search', actorUserId, inputs: [text] });
  return r.ok && r.data[0] ? { model: r.model, vector: r.data[0] } : null;
}
