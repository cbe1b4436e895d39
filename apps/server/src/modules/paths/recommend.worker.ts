/**
 * The recommender's fit on a worker thread (ADR 0013): `fitRecommender` is 1–2 s of arithmetic for
 * 1,200 courses, and on the request thread it would hold every other request for that long. The
 * enrolment matrix goes to a one-shot worker and the fitted weights come back; both as typed arrays
 * whose buffers are transferred, not copied. Where no worker can be started, the fit runs here.
 */
import { isMainThread, parentPort, workerData, type Worker } from 'node:worker_threads';
import { fitRecommender, ItemModel, type ItemModelParts, type UserItems } from '@xueli/engine';
import { typescriptWorker } from '../../lib/ts-worker.ts';

interface FitRequest {
  recommenderFit: UserItems;
}
type FitReply = { parts: ItemModelParts } | { error: string };

/** The distinct buffers behind a model's arrays (a buffer may be listed only once). */
const transferables = (p: ItemModelParts) =>
  [...new Set([p.popularity.buffer, ...(p.weights ? [p.weights.buffer] : [])])] as ArrayBuffer[];

/**
 * Below this many courses the fit takes under 0.1 s (~90 ms for 400 courses and 20,000 people on 2
 * cores; its cubic part grows as n³) and runs on the calling thread: starting a worker (~0.5–0.7 s with
 * the TypeScript loader) would cost more than it saves.
 */
export const OFF_THREAD_MIN_ITEMS = 400;

/**
 * Fits the product's recommender, on a worker thread from `offThreadFrom` courses on (default
 * OFF_THREAD_MIN_ITEMS), and resolves with the model; `m`'s arrays are copied to the worker (the
 * caller keeps them). Where the worker cannot start or dies, the fit runs on this thread instead (so
 * a fit's own error surfaces from there); `fallback: false` rejects instead (tests: proof that the
 * worker did the fit).
 */
export async function fitRecommenderOffThread(
  m: UserItems,
  opts: { fallback?: boolean; offThreadFrom?: number } = {},
): Promise<ItemModel> {
  if (m.items < (opts.offThreadFrom ?? OFF_THREAD_MIN_ITEMS)) return fitRecommender(m);
  let worker: Worker | undefined;
  try {
    const w = typescriptWorker(import.meta.url, { workerData: { recommenderFit: m } satisfies FitRequest });
    worker = w;
    const reply = await new Promise<FitReply>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
      w.once('exit', (code) => reject(new Error(`the recommender worker exited (${code}) before replying`)));
    });
    if ('parts' in reply) return new ItemModel(reply.parts);
    throw new Error(`fitting the recommender failed: ${reply.error}`);
  } catch (e) {
    if (opts.fallback === false) throw e;
  } finally {
    await worker?.terminate();
  }
  return fitRecommender(m);
}

// ---- the worker side
const data = workerData as Partial<FitRequest> | null;
if (!isMainThread && parentPort && data?.recommenderFit) {
  try {
    const model = fitRecommender(data.recommenderFit);
    const parts: ItemModelParts = {
      name: model.name,
      items: model.items,
      weights: model.weights,
      popularity: model.popularity,
      popularityWeight: model.popularityWeight,
    };
    parentPort.postMessage({ parts } satisfies FitReply, transferables(parts));
  } catch (e) {
    parentPort.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies FitReply);
  }
}
