/**
 * Classical item statistics from a response matrix (persons × items):
 *
 * - p-value: mean score on the item (proportion correct for 0/1 items), over the persons who
 *   answered it;
 * - point-biserial: Pearson correlation between the item score and the rest score (the person's
 *   total over the other items), over the persons who answered the item (null when either has no
 *   variance);
 * - distractor analysis (choice items): the share of persons choosing each option overall and in
 *   the top and bottom groups — the 27% of persons with the highest and lowest total scores (at least
 *   one person each; ties broken by person order);
 * - flags for bad items, with these default thresholds (all configurable):
 *     'too-hard'             p-value < 0.10
 *     'too-easy'             p-value > 0.95
 *     'low-discrimination'   point-biserial < 0.15 (or undefined: no variance)
 *     'distractor-attracts-top'  a wrong option chosen by a larger share of the top group than of the
 *                            bottom group (only when the top and bottom groups hold at least
 *                            `minGroup` = 5 persons who answered the item)
 *     'too-few-responses'    fewer than `minResponses` = 20 answers (statistics unreliable; the other
 *                            flags are still computed)
 */

export interface ClassicalItemSpec {
  /** The options of a choice item, in display order. */
  options?: readonly string[];
  /** The keyed (correct) option(s). */
  key?: string | readonly string[];
}

export interface ClassicalInput {
  /** scores[person][item]: score in [0, 1] (1 = correct) or null when not answered / not given. */
  scores: readonly (readonly (number | null | undefined)[])[];
  /** choices[person][item]: the option chosen (choice items), null when none. */
  choices?: readonly (readonly (string | null | undefined)[])[];
  /** Per item: options and key, for the distractor analysis. */
  items?: readonly (ClassicalItemSpec | undefined)[];
}

export interface ClassicalThresholds {
  minP: number;
  maxP: number;
  minPointBiserial: number;
  /** Share of persons in each of the top and bottom groups (default 0.27). */
  groupShare: number;
  minGroup: number;
  minResponses: number;
}

export const DEFAULT_CLASSICAL_THRESHOLDS: ClassicalThresholds = {
  minP: 0.1,
  maxP: 0.95,
  minPointBiserial: 0.15,
  groupShare: 0.27,
  minGroup: 5,
  minResponses: 20,
};

export type ClassicalFlag =
  | 'too-hard'
  | 'too-easy'
  | 'low-discrimination'
  | 'distractor-attracts-top'
  | 'too-few-responses';

export interface OptionStats {
  option: string;
  key: boolean;
  /** Share of the persons who answered the item that chose this option. */
  share: number;
  /** The same within the top and bottom groups (NaN when no one of the group answered). */
  top: number;
  bottom: number;
}

export interface ClassicalItemStats {
  item: number;
  /** Persons who answered the item. */
  n: number;
  pValue: number;
  pointBiserial: number | null;
  /** Choice items only. */
  options?: OptionStats[];
  flags: ClassicalFlag[];
}

/** Classical statistics per item; see the module comment for the definitions and flags. */
export function classicalItemStats(
  input: ClassicalInput,
  thresholds: Partial<ClassicalThresholds> = {},
): ClassicalItemStats[] {
  const t = { ...DEFAULT_CLASSICAL_THRESHOLDS, ...thresholds };
  const { scores, choices, items } = input;
  const nP = scores.length;
  let nI = items?.length ?? 0;
  for (const row of scores) nI = Math.max(nI, row.length);

  const total = new Float64Array(nP);
  for (let p = 0; p < nP; p++) {
    const row = scores[p]!;
    let s = 0;
    for (let i = 0; i < row.length; i++) {
      const x = row[i];
      if (x !== null && x !== undefined) s += x;
    }
    total[p] = s;
  }
  // Top and bottom groups by total score (stable order for ties).
  const order = Array.from({ length: nP }, (_, p) => p).sort((x, y) => total[y]! - total[x]! || x - y);
  const g = nP > 0 ? Math.max(1, Math.round(t.groupShare * nP)) : 0;
  const group = new Int8Array(nP); // 1 top, −1 bottom
  for (let k = 0; k < Math.min(g, Math.floor(nP / 2)); k++) {
    group[order[k]!] = 1;
    group[order[nP - 1 - k]!] = -1;
  }

  const out: ClassicalItemStats[] = [];
  for (let i = 0; i < nI; i++) {
    let n = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let p = 0; p < nP; p++) {
      const x = scores[p]![i];
      if (x === null || x === undefined) continue;
      const y = total[p]! - x;
      n++;
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
    }
    const pValue = n > 0 ? sx / n : NaN;
    const vx = sxx - (sx * sx) / n;
    const vy = syy - (sy * sy) / n;
    const cxy = sxy - (sx * sy) / n;
    const pointBiserial = n > 1 && vx > 1e-12 && vy > 1e-12 ? cxy / Math.sqrt(vx * vy) : null;
    const flags: ClassicalFlag[] = [];
    if (n < t.minResponses) flags.push('too-few-responses');
    if (pValue < t.minP) flags.push('too-hard');
    if (pValue > t.maxP) flags.push('too-easy');
    if (pointBiserial === null || pointBiserial < t.minPointBiserial) flags.push('low-discrimination');

    const spec = items?.[i];
    let options: OptionStats[] | undefined;
    if (choices && spec?.options) {
      const keys = new Set(typeof spec.key === 'string' ? [spec.key] : (spec.key ?? []));
      const idx = new Map(spec.options.map((o, k) => [o, k]));
      const m = spec.options.length;
      const all = new Float64Array(m);
      const top = new Float64Array(m);
      const bottom = new Float64Array(m);
      let nAll = 0;
      let nTop = 0;
      let nBottom = 0;
      for (let p = 0; p < nP; p++) {
        const answered = scores[p]![i];
        const c = choices[p]?.[i];
        if ((answered === null || answered === undefined) && (c === null || c === undefined)) continue;
        nAll++;
        if (group[p] === 1) nTop++;
        else if (group[p] === -1) nBottom++;
        const k = c === null || c === undefined ? undefined : idx.get(c);
        if (k === undefined) continue;
        all[k]!++;
        if (group[p] === 1) top[k]!++;
        else if (group[p] === -1) bottom[k]!++;
      }
      options = spec.options.map((option, k) => ({
        option,
        key: keys.has(option),
        share: nAll > 0 ? all[k]! / nAll : NaN,
        top: nTop > 0 ? top[k]! / nTop : NaN,
        bottom: nBottom > 0 ? bottom[k]! / nBottom : NaN,
      }));
      if (
        keys.size > 0 &&
        nTop >= t.minGroup &&
        nBottom >= t.minGroup &&
        options.some((o) => !o.key && o.top > o.bottom)
      )
        flags.push('distractor-attracts-top');
    }
    out.push({ item: i, n, pValue, pointBiserial, ...(options ? { options } : {}), flags });
  }
  return out;
}
