/**
 * Bounded top-k selection with a binary min-heap: O(n log k) over n candidates, O(k) memory. The
 * heap's root is the weakest kept candidate; a candidate enters only if it beats it. Ties are
 * broken by the smaller key (e.g. the earlier-added document), so the result is deterministic.
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly keys: Int32Array;
  private n = 0;

  constructor(readonly k: number) {
    this.scores = new Float64Array(Math.max(0, k));
    this.keys = new Int32Array(Math.max(0, k));
  }

  get size(): number {
    return this.n;
  }

  /** a is weaker than b: lower score, or the same score and a larger key. */
  private weaker(sa: number, ka: number, sb: number, kb: number): boolean {
    return sa < sb || (sa === sb && ka > kb);
  }

  /** Whether a candidate with this score and key would be kept now (cheap; call before costly checks). */
  admits(score: number, key: number): boolean {
    if (this.n < this.k) return this.k > 0;
    return this.weaker(this.scores[0]!, this.keys[0]!, score, key);
  }

  /** Offers a candidate; returns whether it was kept. */
  push(score: number, key: number): boolean {
    if (!this.admits(score, key)) return false;
    const s = this.scores,
      kk = this.keys;
    if (this.n < this.k) {
      // sift up
      let i = this.n++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.weaker(score, key, s[p]!, kk[p]!)) break;
        s[i] = s[p]!;
        kk[i] = kk[p]!;
        i = p;
      }
      s[i] = score;
      kk[i] = key;
      return true;
    }
    // replace the root and sift down
    let i = 0;
    const n = this.n;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.weaker(s[r]!, kk[r]!, s[l]!, kk[l]!) ? r : l;
      if (!this.weaker(s[c]!, kk[c]!, score, key)) break;
      s[i] = s[c]!;
      kk[i] = kk[c]!;
      i = c;
    }
    s[i] = score;
    kk[i] = key;
    return true;
  }

  /** The kept candidates, best first (score descending, then key ascending). */
  sorted(): { key: number; score: number }[] {
    const out: { key: number; score: number }[] = [];
    for (let i = 0; i < this.n; i++) out.push({ key: this.keys[i]!, score: this.scores[i]! });
    return out.sort((a, b) => b.score - a.score || a.key - b.key);
  }
}
