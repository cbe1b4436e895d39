/**
 * Computerized adaptive testing on a calibrated 2PL bank: the next item is the one with the most
 * Fisher information at the current ability estimate, among the eligible items, with exposure
 * control; ability is re-estimated by EAP after each response and the test stops when the standard
 * error reaches a threshold (after a minimum length) or at a maximum length.
 *
 * Exposure control, both optional and combinable:
 * - randomesque: pick at random (seeded) among the `topK` most informative eligible items;
 * - a cap on the exposure rate: with an `ExposureTracker` shared by the sessions of a test, an item
 *   already given to at least `maxExposure` × (examinees started) examinees is not eligible (when
 *   the cap would leave no item, it is ignored for that pick).
 */
import { mulberry32 } from '../random.ts';
import { eapTheta, type ThetaEstimate } from './twopl.ts';

/** An item bank as parallel arrays (index = item). */
export interface CatBank {
  a: Float64Array;
  b: Float64Array;
}

/** Counts of administrations per item over the examinees of a test (for the exposure cap). */
export class ExposureTracker {
  readonly counts: Uint32Array;
  examinees = 0;
  constructor(items: number) {
    this.counts = new Uint32Array(items);
  }
  /** Exposure rate of an item: administrations / examinees started. */
  rate(item: number): number {
    return this.examinees > 0 ? this.counts[item]! / this.examinees : 0;
  }
}

export interface NextItemOptions {
  /** Items already given (or otherwise excluded): true/1 = not eligible. */
  used?: ArrayLike<number | boolean>;
  /** Content constraint hook: only items for which this returns true are eligible. */
  eligible?: (item: number) => boolean;
  /** Randomesque: pick at random among the k most informative eligible items (default 1). */
  topK?: number;
  /** Random generator in [0, 1) for the randomesque pick (default Math.random). */
  rand?: () => number;
  /** With `exposure`: the highest exposure rate allowed (0 < maxExposure ≤ 1). */
  maxExposure?: number;
  exposure?: ExposureTracker;
}

/**
 * The next item by maximum Fisher information a²P(1−P) at θ among eligible items, or −1 when none
 * is eligible. O(bank size).
 */
export function selectNextItem(bank: CatBank, theta: number, o: NextItemOptions = {}): number {
  const n = bank.a.length;
  const k = Math.max(1, Math.floor(o.topK ?? 1));
  const capped = o.exposure !== undefined && o.maxExposure !== undefined && o.maxExposure < 1;
  const pick = (useCap: boolean): number => {
    // Keep the k best as a small sorted list (descending information).
    const bestI = new Int32Array(k).fill(-1);
    const bestV = new Float64Array(k).fill(-Infinity);
    let found = 0;
    for (let i = 0; i < n; i++) {
      if (o.used?.[i]) continue;
      if (useCap && o.exposure!.rate(i) >= o.maxExposure!) continue;
      if (o.eligible && !o.eligible(i)) continue;
      const a = bank.a[i]!;
      const p = 1 / (1 + Math.exp(-a * (theta - bank.b[i]!)));
      const v = a * a * p * (1 - p);
      if (v <= bestV[k - 1]! && found >= k) continue;
      let j = Math.min(found, k - 1);
      while (j > 0 && bestV[j - 1]! < v) {
        bestV[j] = bestV[j - 1]!;
        bestI[j] = bestI[j - 1]!;
        j--;
      }
      bestV[j] = v;
      bestI[j] = i;
      if (found < k) found++;
    }
    if (found === 0) return -1;
    if (found === 1) return bestI[0]!;
    return bestI[Math.min(found - 1, Math.floor((o.rand ?? Math.random)() * found))]!;
  };
  if (capped) {
    const i = pick(true);
    if (i >= 0) return i;
  }
  return pick(false);
}

export interface CatOptions {
  /** Stop when the SE of θ is at or below this (default 0.3). */
  seThreshold?: number;
  /** Give at least this many items (default 1). */
  minItems?: number;
  /** Give at most this many items (default 30). */
  maxItems?: number;
  /** Randomesque exposure control: pick among the top k (default 5). */
  topK?: number;
  /** Seed of the randomesque pick (default 1); or pass `rand`. */
  seed?: number;
  rand?: () => number;
  /** Exposure cap, with a tracker shared by the sessions of the test. */
  maxExposure?: number;
  exposure?: ExposureTracker;
  /** Content constraints: only items for which this returns true (given the session) are eligible. */
  eligible?: (item: number, session: CatSession) => boolean;
  /** Prior on θ for EAP (default N(0, 1)). */
  priorMean?: number;
  priorSd?: number;
}

export type CatStopReason = 'se' | 'max-items' | 'bank-exhausted';

/** One examinee's adaptive test. Call next(), then record() the score, until next() returns null. */
export class CatSession {
  /** Items given, in order, and their scores. */
  readonly items: number[] = [];
  readonly scores: number[] = [];
  theta: number;
  se: number;
  stopReason: CatStopReason | null = null;
  private readonly used: Uint8Array;
  private readonly rand: () => number;
  private readonly a: number[] = [];
  private readonly b: number[] = [];
  private pending = -1;

  constructor(
    readonly bank: CatBank,
    readonly options: CatOptions = {},
  ) {
    this.used = new Uint8Array(bank.a.length);
    this.rand = options.rand ?? mulberry32(options.seed ?? 1);
    this.theta = options.priorMean ?? 0;
    this.se = options.priorSd ?? 1;
    if (options.exposure) options.exposure.examinees++;
  }

  /** The next item to give, or null when the test is over (see stopReason). */
  next(): number | null {
    if (this.stopReason) return null;
    if (this.pending >= 0) return this.pending;
    const o = this.options;
    const n = this.items.length;
    if (n >= (o.maxItems ?? 30)) return this.stop('max-items');
    if (n >= (o.minItems ?? 1) && n > 0 && this.se <= (o.seThreshold ?? 0.3)) return this.stop('se');
    const eligible = o.eligible;
    const i = selectNextItem(this.bank, this.theta, {
      used: this.used,
      topK: o.topK ?? 5,
      rand: this.rand,
      ...(eligible ? { eligible: (item: number) => eligible(item, this) } : {}),
      ...(o.exposure && o.maxExposure !== undefined ? { exposure: o.exposure, maxExposure: o.maxExposure } : {}),
    });
    if (i < 0) return this.stop('bank-exhausted');
    this.pending = i;
    return i;
  }

  /** Records the score (0 or 1) of the item last returned by next() and re-estimates θ. */
  record(item: number, score: number): ThetaEstimate {
    if (item !== this.pending) throw new Error(`item ${item} was not the pending item ${this.pending}`);
    if (score !== 0 && score !== 1) throw new RangeError('score must be 0 or 1');
    this.pending = -1;
    this.used[item] = 1;
    this.items.push(item);
    this.scores.push(score);
    this.a.push(this.bank.a[item]!);
    this.b.push(this.bank.b[item]!);
    if (this.options.exposure) this.options.exposure.counts[item]!++;
    const est = eapTheta(this.a, this.b, this.scores, this.options.priorMean ?? 0, this.options.priorSd ?? 1);
    this.theta = est.theta;
    this.se = est.se;
    return est;
  }

  get done(): boolean {
    return this.stopReason !== null;
  }

  private stop(reason: CatStopReason): null {
    this.stopReason = reason;
    return null;
  }
}
