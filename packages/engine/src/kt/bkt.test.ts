import { describe, expect, it } from 'vitest';
import { BktModel, bktEm, bktLogLik, fitBktSkill, type BktParams, type PackedSequences } from './bkt.ts';
import { simulateLearners } from './simulate.ts';
import type { Response } from './types.ts';

function pack(rows: Response[]): PackedSequences {
  const byUser = new Map<string, number[]>();
  for (const r of rows) {
    const a = byUser.get(r.user) ?? [];
    a.push(r.correct);
    byUser.set(r.user, a);
  }
  const obs: number[] = [],
    starts: number[] = [];
  for (const a of byUser.values()) {
    starts.push(obs.length);
    obs.push(...a);
  }
  starts.push(obs.length);
  return { obs: Float64Array.from(obs), starts: Int32Array.from(starts) };
}

describe('BKT', () => {
  it('EM recovers the parameters of simulated learners', () => {
    const truth: BktParams = { pL0: 0.3, pT: 0.15, pS: 0.1, pG: 0.2, pF: 0 };
    const rows = simulateLearners({ learners: 1000, steps: 20, skills: [truth], seed: 11 });
    const fit = fitBktSkill(pack(rows), { priorStrength: 0 });
    expect(Math.abs(fit.pL0 - truth.pL0)).toBeLessThan(0.04);
    expect(Math.abs(fit.pT - truth.pT)).toBeLessThan(0.03);
    expect(Math.abs(fit.pS - truth.pS)).toBeLessThan(0.03);
    expect(Math.abs(fit.pG - truth.pG)).toBeLessThan(0.03);
    expect(fit.pF).toBe(0);
  });

  it('EM with forgetting recovers pF, and the likelihood never decreases', () => {
    const truth: BktParams = { pL0: 0.4, pT: 0.2, pS: 0.08, pG: 0.15, pF: 0.05 };
    const seqs = pack(simulateLearners({ learners: 1500, steps: 30, skills: [truth], seed: 5 }));
    const fit = fitBktSkill(seqs, { forgetting: true, priorStrength: 0 });
    for (const k of ['pL0', 'pT', 'pS', 'pG', 'pF'] as const) expect(Math.abs(fit[k] - truth[k]), k).toBeLessThan(0.05);
    let prev = -Infinity;
    let p: BktParams = { pL0: 0.5, pT: 0.1, pS: 0.1, pG: 0.2, pF: 0.01 };
    for (let i = 0; i < 15; i++) {
      const ll = bktLogLik(seqs, p);
      expect(ll).toBeGreaterThanOrEqual(prev - 1e-6);
      prev = ll;
      p = bktEm(seqs, p, { forgetting: true, priorStrength: 0, maxIter: 1 }).params;
    }
  });

  it('keeps guess and slip below their caps and updates P(known) online', () => {
    const truth: BktParams = { pL0: 0.2, pT: 0.1, pS: 0.45, pG: 0.45, pF: 0 };
    const m = new BktModel();
    m.fit(simulateLearners({ learners: 200, steps: 20, skills: [truth, truth], seed: 2 }));
    for (const p of m.params.values()) {
      expect(p.pG).toBeLessThanOrEqual(0.3);
      expect(p.pS).toBeLessThanOrEqual(0.3);
    }
    const s = m.newLearner();
    const before = m.knowledge(s, 's0');
    m.update(s, { user: 'x', item: 's0-i0', skills: ['s0'], correct: 1, t: 0 });
    expect(m.knowledge(s, 's0')).toBeGreaterThan(before);
    const json = JSON.parse(JSON.stringify(m.toJSON())) as unknown;
    const back = BktModel.fromJSON(json);
    expect(back.predict(back.stateFromJSON(m.stateToJSON(s)), { item: 'q', skills: ['s0'] })).toBeCloseTo(
      m.predict(s, { item: 'q', skills: ['s0'] }),
      12,
    );
    const K = m.masteryBatch(['s0', 's1', 'new'], [m.knowledge(s, 's0'), NaN, 0.5]);
    expect(K[0]).toBeCloseTo(m.mastery(s, 's0'), 6);
    expect(K[1]).toBeCloseTo(m.mastery(s, 's1'), 6);
    expect(K[2]).toBeCloseTo(0.5 * (1 - m.fallback.pS) + 0.5 * m.fallback.pG, 6);
    // unseen skill: fallback parameters
    expect(m.mastery(m.newLearner(), 'never-seen')).toBeGreaterThan(0);
  });
});
