/** One graded response of a learner, in the learner's order. */
export interface Response {
  /** Learner (employee) id. */
  user: string;
  /** Item (question) id. */
  item: string;
  /** Knowledge points (skills) the item exercises; at least one. */
  skills: string[];
  /** 1 = correct, 0 = wrong; a partial score in [0, 1] is allowed and counts fractionally. */
  correct: number;
  /** Time of the response (any monotone unit; 0 when unknown). Order is the array order, not t. */
  t: number;
}

/** What a model needs to score the next response of a learner: the item and its skills. */
export type Query = Pick<Response, 'item' | 'skills'>;

/**
 * A knowledge-tracing model. `fit` learns population parameters; each learner then has a small
 * state (created by `newLearner`) that `update` advances in O(#skills of the item) per response,
 * with no refit. `predict` never looks at the response it scores, so predictions of a row depend
 * only on the fitted parameters and the learner's earlier rows.
 */
export interface KtModel<S = unknown> {
  readonly name: string;
  fit(train: readonly Response[]): void;
  newLearner(): S;
  /** P(correct) of the learner's next response to `q`. */
  predict(state: S, q: Query): number;
  /** Advances the learner's state with an observed response. */
  update(state: S, r: Response): void;
  /**
   * Mastery of `skill` as a probability: P(correct) of the learner's next response to a typical
   * (average-difficulty, not yet attempted) item of that skill. See docs in each model.
   */
  mastery(state: S, skill: string): number;
  /** JSON-serializable fitted parameters (for storage); `fromJSON` of the same class restores them. */
  toJSON(): unknown;
  /** JSON form of a learner state and back (for storing per-learner state). */
  stateToJSON(state: S): unknown;
  stateFromJSON(json: unknown): S;
}

/** Any model; used where the state type does not matter. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyKtModel = KtModel<any>;

/**
 * Predicts every row of one learner's sequence from the earlier rows only (fresh state), in order.
 * This is the evaluation protocol of Piech et al. 2015 / Gervet et al. 2020.
 */
export function predictSequence<S>(
  model: KtModel<S>,
  rows: readonly Response[],
  state: S = model.newLearner(),
): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    out[i] = model.predict(state, r);
    model.update(state, r);
  }
  return out;
}

/** Row indices per user, each in the input order; users in order of first appearance. */
export function groupByUser(rows: readonly Pick<Response, 'user'>[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (let i = 0; i < rows.length; i++) {
    const u = rows[i]!.user;
    let a = m.get(u);
    if (!a) m.set(u, (a = []));
    a.push(i);
  }
  return m;
}

/**
 * Predicts every row of `rows` (any number of learners, each in order) from that learner's
 * earlier rows in `rows` only. Returns predictions aligned with `rows`.
 */
export function predictAll(model: AnyKtModel, rows: readonly Response[]): Float64Array {
  const out = new Float64Array(rows.length);
  for (const idx of groupByUser(rows).values()) {
    const state: unknown = model.newLearner();
    for (const i of idx) {
      const r = rows[i]!;
      out[i] = model.predict(state, r);
      model.update(state, r);
    }
  }
  return out;
}
