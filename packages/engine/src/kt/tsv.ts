/**
 * The knowledge-tracing TSV format of `../shared/data/kt/*\/train.tsv` (Gervet et al. 2020):
 * a header `user_id item_id timestamp correct skill_id`, then one response per line, tab-separated,
 * each learner's rows in order. `skill_id` may list several skills separated by commas.
 * Parsing takes text (no I/O); errors carry the 1-based line number of the file.
 */
import type { Response } from './types.ts';

export const KT_TSV_COLUMNS = ['user_id', 'item_id', 'timestamp', 'correct', 'skill_id'] as const;

export class KtTsvError extends Error {
  constructor(
    /** 1-based line number in the file (the header is line 1). */
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'KtTsvError';
  }
}

export interface ParseKtTsvOptions {
  /** Accept partial scores in [0, 1] in `correct` (default: only 0 or 1). */
  allowScores?: boolean;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses the whole text; throws KtTsvError at the first malformed line. Blank lines are skipped. */
export function parseKtTsv(text: string, opts: ParseKtTsvOptions = {}): Response[] {
  const out: Response[] = [];
  let lineNo = 0;
  let pos = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) pos = 1;
  let headerSeen = false;
  while (pos <= n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    let line = text.slice(pos, end);
    pos = end + 1;
    lineNo++;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (!headerSeen) {
      const cols = line.split('\t').map((c) => c.trim());
      if (cols.length !== KT_TSV_COLUMNS.length || cols.some((c, i) => c !== KT_TSV_COLUMNS[i])) {
        throw new KtTsvError(lineNo, `header must be "${KT_TSV_COLUMNS.join('\\t')}", got "${line.slice(0, 100)}"`);
      }
      headerSeen = true;
      continue;
    }
    if (line.trim() === '') continue;
    out.push(parseLine(line, lineNo, opts));
  }
  if (!headerSeen) throw new KtTsvError(1, 'empty file: the header is missing');
  return out;
}

function parseLine(line: string, lineNo: number, opts: ParseKtTsvOptions): Response {
  const cols = line.split('\t');
  if (cols.length !== 5) throw new KtTsvError(lineNo, `expected 5 tab-separated columns, got ${cols.length}`);
  const [user, item, ts, correct, skill] = cols as [string, string, string, string, string];
  if (user === '') throw new KtTsvError(lineNo, 'user_id is empty');
  if (item === '') throw new KtTsvError(lineNo, 'item_id is empty');
  if (!NUMBER.test(ts)) throw new KtTsvError(lineNo, `timestamp is not a number: "${ts.slice(0, 40)}"`);
  if (!NUMBER.test(correct)) throw new KtTsvError(lineNo, `correct is not a number: "${correct.slice(0, 40)}"`);
  const c = Number(correct);
  if (opts.allowScores ? !(c >= 0 && c <= 1) : c !== 0 && c !== 1) {
    throw new KtTsvError(
      lineNo,
      `correct must be ${opts.allowScores ? 'a score in [0, 1]' : '0 or 1'}, got "${correct}"`,
    );
  }
  const skills = skill.split(',').map((s) => s.trim());
  if (skills.some((s) => s === '')) throw new KtTsvError(lineNo, 'skill_id is empty');
  return { user, item, skills, correct: c, t: Number(ts) };
}

/** Formats responses back to the TSV format (header included), one line per response. */
export function formatKtTsv(rows: readonly Response[]): string {
  const lines = [KT_TSV_COLUMNS.join('\t')];
  for (const r of rows) lines.push(`${r.user}\t${r.item}\t${r.t}\t${r.correct}\t${r.skills.join(',')}`);
  return lines.join('\n') + '\n';
}
