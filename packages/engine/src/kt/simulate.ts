/**
 * Simulated learners for tests, demos and benchmarks (no real data needed): each skill follows
 * BKT with given parameters; items of a skill shift the chance of a correct answer by their own
 * difficulty (0 = pure BKT).
 */
import { mulberry32 } from '../random.ts';
import type { BktParams } from './bkt.ts';
import type { Response } from './types.ts';

export interface SimulateOptions {
  learners: number;
  /** Responses per learner. */
  steps: number;
  /** BKT parameters per skill (skill ids are "s0", "s1", …). */
  skills: BktParams[];
  /** Items per skill (ids "s<k>-i<j>"); default 10. */
  itemsPerSkill?: number;
  /** Standard deviation of the item difficulty in logits (default 0: pure BKT). */
  itemSpread?: number;
  /** Responses in a row on one skill before switching to another random skill (default 5). */
  block?: number;
  seed?: number;
}

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function simulateLearners(o: SimulateOptions): Response[] {
  const rand = mulberry32(o.seed ?? 1);
  const nItems = o.itemsPerSkill ?? 10;
  const block = o.block ?? 5;
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const difficulty = o.skills.map(() => Array.from({ length: nItems }, () => (o.itemSpread ?? 0) * gauss()));
  const out: Response[] = [];
  for (let u = 0; u < o.learners; u++) {
    const known = o.skills.map((p) => rand() < p.pL0);
    let skill = 0;
    for (let t = 0; t < o.steps; t++) {
      if (t % block === 0) skill = Math.floor(rand() * o.skills.length);
      const p = o.skills[skill]!;
      const item = Math.floor(rand() * nItems);
      let pc = known[skill] ? 1 - p.pS : p.pG;
      const d = difficulty[skill]![item]!;
      if (d !== 0) pc = sigmoid(logit(pc) - d);
      const correct = rand() < pc ? 1 : 0;
      out.push({ user: `u${u}`, item: `s${skill}-i${item}`, skills: [`s${skill}`], correct, t });
      // transition after the response
      if (known[skill]) {
        if (rand() < p.pF) known[skill] = false;
      } else if (rand() < p.pT) known[skill] = true;
    }
  }
  return out;
}
