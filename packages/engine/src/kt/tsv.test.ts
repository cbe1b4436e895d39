import { describe, expect, it } from 'vitest';
import { formatKtTsv, KtTsvError, parseKtTsv } from './tsv.ts';

const H = 'user_id\titem_id\ttimestamp\tcorrect\tskill_id\n';

function errorOf(text: string): KtTsvError {
  try {
    parseKtTsv(text);
  } catch (e) {
    if (e instanceof KtTsvError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('KT TSV', () => {
  it('parses rows, several skills, CRLF and a trailing newline', () => {
    const rows = parseKtTsv(H + 'u1\ti1\t0\t1\t3\r\nu1\ti2\t5\t0\t3,4\n');
    expect(rows).toEqual([
      { user: 'u1', item: 'i1', skills: ['3'], correct: 1, t: 0 },
      { user: 'u1', item: 'i2', skills: ['3', '4'], correct: 0, t: 5 },
    ]);
    expect(parseKtTsv(formatKtTsv(rows))).toEqual(rows);
    expect(parseKtTsv(H)).toEqual([]);
  });

  it('reports the 1-based line number and the reason of a malformed line', () => {
    const cases: [string, number, RegExp][] = [
      ['u\ti\t0\t1\t3\nu\ti\t0\t1\n', 3, /5 tab-separated columns, got 4/],
      ['u\ti\t0\tyes\t3\n', 2, /correct is not a number/],
      ['u\ti\t0\t1\t3\n\nu\ti\t0\t2\t3\n', 4, /correct must be 0 or 1/],
      ['u\ti\tnoon\t1\t3\n', 2, /timestamp is not a number/],
      ['u\t\t0\t1\t3\n', 2, /item_id is empty/],
      ['u\ti\t0\t1\t\n', 2, /skill_id is empty/],
      ['u\ti\t0\t0.5\t3\n', 2, /correct must be 0 or 1/],
    ];
    for (const [body, line, reason] of cases) {
      const e = errorOf(H + body);
      expect(e.line).toBe(line);
      expect(e.message).toMatch(reason);
      expect(e.message).toMatch(new RegExp(`^line ${line}:`));
    }
    expect(errorOf('user\titem\n').line).toBe(1);
    expect(errorOf('').line).toBe(1);
  });

  it('accepts partial scores only when asked', () => {
    expect(parseKtTsv(H + 'u\ti\t0\t0.5\t3\n', { allowScores: true })[0]!.correct).toBe(0.5);
    expect(() => parseKtTsv(H + 'u\ti\t0\t1.5\t3\n', { allowScores: true })).toThrow(
      /line 2: correct must be a score in \[0, 1\]/,
    );
  });
});
