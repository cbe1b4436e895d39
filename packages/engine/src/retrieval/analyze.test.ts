import { describe, expect, it } from 'vitest';
import { analyzeQuery, analyzeText, normalizeForRetrieval, stemEnglish, textUnits } from './analyze.ts';

describe('normalizeForRetrieval', () => {
  it('folds full-width forms to half-width and lower-cases', () => {
    expect(normalizeForRetrieval('ＡＢＣ１２３　Ｘｙｚ')).toBe('abc123 xyz');
    expect(normalizeForRetrieval('iPhone １５ Ｐｒｏ')).toBe('iphone 15 pro');
  });
});

describe('stemEnglish', () => {
  it.each([
    ['policies', 'policy'],
    ['classes', 'class'],
    ['employees', 'employee'],
    ['running', 'run'],
    ['stopped', 'stop'],
    ['requested', 'request'],
    ['quickly', 'quick'],
    ["company's", 'company'],
    ['status', 'status'],
    ['analysis', 'analysis'],
    ['was', 'was'],
    ['sing', 'sing'],
    ['agreed', 'agreed'],
  ])('%s → %s', (w, s) => expect(stemEnglish(w)).toBe(s));

  it('leaves non-ASCII words and numbers alone', () => {
    expect(stemEnglish('naïves')).toBe('naïves');
    expect(stemEnglish('2023')).toBe('2023');
  });
});

describe('textUnits', () => {
  it('reads CJK characters one by one and other words whole, stemmed, with numbers kept', () => {
    const u = textUnits(normalizeForRetrieval('员工手册：Employees were running 3.5 km，1,000人'));
    expect(u.units).toEqual(['员', '工', '手', '册', 'employee', 'were', 'run', '3.5', 'km', '1000', '人']);
  });

  it('starts a new run after punctuation but not after whitespace', () => {
    const u = textUnits('主教。河内 总教区');
    expect(u.units).toEqual(['主', '教', '河', '内', '总', '教', '区']);
    expect(u.runStart).toEqual([true, false, true, false, false, false, false]);
  });

  it('gives offsets into the text', () => {
    const text = 'ab 中文';
    const u = textUnits(text);
    expect(u.units.map((_, i) => text.slice(u.starts[i], u.ends[i]))).toEqual(['ab', '中', '文']);
  });
});

describe('analyzeText', () => {
  it('produces words (ICU), characters, bigrams and trigrams within runs', () => {
    const t = analyzeText('员工请假需要提前三天。年假');
    expect(t.word).toEqual(expect.arrayContaining(['员工', '请假', '需要', '提前', '三天', '年假']));
    expect(t.char).toEqual(['员', '工', '请', '假', '需', '要', '提', '前', '三', '天', '年', '假']);
    expect(t.bigram).toContain('请假');
    expect(t.bigram).not.toContain('天年'); // not across 。
    expect(t.trigram).toContain('员工请');
  });

  it('handles English: stemmed words, word bigrams, punctuation dropped', () => {
    const t = analyzeText('The new policies, for New York offices!');
    expect(t.char).toEqual(['the', 'new', 'policy', 'for', 'new', 'york', 'office']);
    expect(t.bigram).toEqual(['the new', 'new policy', 'for new', 'new york', 'york office']);
    expect(t.word).toEqual(['the', 'new', 'policy', 'for', 'new', 'york', 'office']);
  });

  it('joins a number and a CJK unit in a bigram', () => {
    expect(analyzeText('1963年被任为主教').bigram).toContain('1963年');
  });

  it('produces only the fields asked for', () => {
    const t = analyzeText('员工请假', { word: false, trigram: false });
    expect(t.word).toEqual([]);
    expect(t.trigram).toEqual([]);
    expect(t.char).toHaveLength(4);
  });
});

describe('analyzeQuery', () => {
  it('drops interrogatives from every field and breaks n-grams at them', () => {
    const q = analyzeQuery('生命数耗完即算为什么？');
    expect(q.char).not.toContain('什');
    expect(q.char).not.toContain('么');
    expect(q.char).toContain('为');
    expect(q.bigram).toContain('算为');
    expect(q.bigram).not.toContain('为什');
    expect(q.bigram).not.toContain('什么');
    expect(q.word).not.toContain('为什么');
    expect(q.expectsNumber).toBe(false);
  });

  it('keeps everything when asked to', () => {
    const q = analyzeQuery('生命数耗完即算为什么？', {}, false);
    expect(q.bigram).toContain('什么');
  });

  it('spots questions asking for a number or a date', () => {
    expect(analyzeQuery('若游戏中离，则多少分钟内不得进行配对？').expectsNumber).toBe(true);
    expect(analyzeQuery('他哪一年被任为主教？').expectsNumber).toBe(true);
    expect(analyzeQuery('When was the policy introduced?').expectsNumber).toBe(true);
    expect(analyzeQuery('谁是现任校长？').expectsNumber).toBe(false);
  });

  it('drops English interrogatives', () => {
    const q = analyzeQuery('Which office approves travel requests?');
    expect(q.char).toEqual(['office', 'approve', 'travel', 'request']);
    expect(q.content).toEqual([false, true, true, true, true]);
  });
});
