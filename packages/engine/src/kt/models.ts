/**
 * The knowledge-tracing models by name, and `best`: the model with the highest AUC on held-out
 * learners (a user split inside the training data), refitted on all of it.
 */
import { predictHeldOut, splitByUser } from '../cv.ts';
import { auc } from '../metrics.ts';
import { BktModel } from './bkt.ts';
import { LR_PLUS_FEATURES, LrModel } from './best-lr.ts';
import type { AnyKtModel, KtModel, Query, Response } from './types.ts';

export const KT_MODEL_NAMES = ['bkt', 'bkt-f', 'lr', 'lr+'] as const;
export type KtModelName = (typeof KT_MODEL_NAMES)[number];

/** A fresh, unfitted model: bkt (classic BKT), bkt-f (BKT with forgetting), lr (Best-LR), lr+ (Best-LR with extra features). */
export function createKtModel(name: KtModelName | 'best'): AnyKtModel {
  switch (name) {
    case 'bkt':
      return new BktModel();
    case 'bkt-f':
      return new BktModel({ forgetting: true });
    case 'lr':
      return new LrModel({ name: 'lr' });
    case 'lr+':
      return new LrModel({ name: 'lr+', features: LR_PLUS_FEATURES });
    case 'best':
      return new BestModel();
  }
}

export function isKtModelName(s: string): s is KtModelName {
  return (KT_MODEL_NAMES as readonly string[]).includes(s);
}

export interface BestOptions {
  candidates?: readonly KtModelName[];
  /** Share of learners held out for the choice (default 0.2). */
  validation?: number;
  seed?: number;
}

/**
 * Chooses among candidate models by AUC on held-out learners of the training data, then refits
 * the winner on all of it and behaves as that model.
 */
export class BestModel implements KtModel<unknown> {
  readonly name = 'best';
  chosen: AnyKtModel | undefined;
  /** Held-out AUC of each candidate in the last fit. */
  scores: Record<string, number> = {};

  constructor(readonly opts: BestOptions = {}) {}

  fit(train: readonly Response[]): void {
    const candidates = this.opts.candidates ?? ['bkt', 'lr', 'lr+'];
    const { train: fitPart, test: valPart } = splitByUser(train, this.opts.validation ?? 0.2, this.opts.seed ?? 7);
    let best: KtModelName | undefined;
    this.scores = {};
    for (const name of candidates) {
      const m = createKtModel(name);
      if (valPart.length && fitPart.length) {
        m.fit(fitPart);
        const { y, p } = predictHeldOut(m, valPart);
        this.scores[name] = auc(y, p);
      } else this.scores[name] = NaN;
      if (best === undefined || this.scores[name] > (this.scores[best] ?? -Infinity)) best = name;
    }
    const model = createKtModel(best ?? 'lr');
    model.fit(train);
    this.chosen = model;
  }

  private get m(): AnyKtModel {
    if (!this.chosen) throw new Error('best: fit() first');
    return this.chosen;
  }

  newLearner(): unknown {
    return this.m.newLearner();
  }
  predict(state: unknown, q: Query): number {
    return this.m.predict(state, q);
  }
  update(state: unknown, r: Response): void {
    this.m.update(state, r);
  }
  mastery(state: unknown, skill: string): number {
    return this.m.mastery(state, skill);
  }
  toJSON(): unknown {
    return { kind: 'best', chosen: this.m.name, scores: this.scores, model: this.m.toJSON() };
  }
  stateToJSON(state: unknown): unknown {
    return this.m.stateToJSON(state);
  }
  stateFromJSON(json: unknown): unknown {
    return this.m.stateFromJSON(json);
  }
}

/** Restores a fitted model from its toJSON() form. */
export function ktModelFromJSON(json: unknown): AnyKtModel {
  const j = json as { kind?: string; chosen?: string; scores?: Record<string, number>; model?: unknown };
  switch (j.kind) {
    case 'bkt':
      return BktModel.fromJSON(json);
    case 'lr':
      return LrModel.fromJSON(json);
    case 'best': {
      const b = new BestModel();
      b.chosen = ktModelFromJSON(j.model);
      b.scores = j.scores ?? {};
      return b;
    }
    default:
      throw new Error(`unknown model kind: ${String(j.kind)}`);
  }
}
