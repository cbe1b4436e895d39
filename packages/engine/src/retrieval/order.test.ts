import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.ts';
import { readingOrderEvidence } from './order.ts';

/** 40 "documents" of 5 sentences: random characters, each sentence but the last naming its document's subject. */
function corpus(): string[] {
  const rand = mulberry32(3);
  const hanzi = (n: number) => Array.from({ length: n }, () => String.fromCodePoint(0x4e00 + Math.floor(rand() * 20000))).join('');
  const out: string[] = [];
  for (let d = 0; d < 40; d++) {
    const subject = hanzi(3);
    for (let k = 0; k < 5; k++) out.push(`${k < 4 ? subject : ''}${hanzi(10)}。`);
  }
  return out;
}

describe('readingOrderEvidence', () => {
  it('recognises documents read sentence by sentence, and not the same sentences shuffled', () => {
    const texts = corpus();
    const ordered = readingOrderEvidence(texts);
    expect(ordered.ordered).toBe(true);
    expect(ordered.ratio).toBeGreaterThan(3);
    const rand = mulberry32(9);
    const shuffled = [...texts];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const s = readingOrderEvidence(shuffled);
    expect(s.ordered).toBe(false);
    expect(s.ratio).toBeLessThan(ordered.ratio / 3);
  });

  it('says no for too little to go on, and samples large inputs', () => {
    expect(readingOrderEvidence([]).ordered).toBe(false);
    expect(readingOrderEvidence(['一', '二']).ordered).toBe(false);
    expect(readingOrderEvidence(corpus().slice(0, 6)).ordered).toBe(false); // 5 pairs < minPairs
    const big = readingOrderEvidence(corpus(), { sample: 50 });
    expect(big.pairs).toBe(50);
    expect(big.ordered).toBe(true);
  });
});
