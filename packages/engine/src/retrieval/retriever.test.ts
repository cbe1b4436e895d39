import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRIEVER_CONFIG, Retriever, type RetrieverConfig } from './retriever.ts';

/** A small employee handbook, chunked by sentence; `doc` is the document title. */
const HANDBOOK = [
  { id: 'leave-1', doc: '请假制度', text: '员工请假需要提前三天在系统中提交申请，由直属主管审批。' },
  { id: 'leave-2', doc: '请假制度', text: '病假须附医院证明。' },
  { id: 'annual-1', doc: '年假规定', text: '年假天数按工龄计算：满一年五天，满十年十天。' },
  { id: 'annual-2', doc: '年假规定', text: '未休完的天数可顺延至次年三月底。' },
  { id: 'expense-1', doc: '差旅报销', text: '报销单据需在30天内提交财务部，逾期不予受理。' },
  { id: 'expense-2', doc: '差旅报销', text: '高铁二等座和经济舱机票可全额报销。' },
  { id: 'security-1', doc: '信息安全', text: '访客进入机房需要登记并由信息安全部员工陪同。' },
  { id: 'training-1', doc: '新员工入职', text: '新员工入职培训为期两周，内容包括公司制度与产品知识。' },
  { id: 'en-1', doc: 'Travel policy', text: 'Employees must book flights through the approved travel agency.' },
  { id: 'en-2', doc: 'Travel policy', text: 'Hotel costs are reimbursed up to 600 yuan per night in tier-one cities.' },
  { id: 'en-3', doc: 'Security', text: 'Visitors to the server room are always accompanied by security staff.' },
];

function handbook(config?: RetrieverConfig, withContext = false): Retriever {
  const r = new Retriever(config);
  r.addAll(HANDBOOK.map((c) => ({ id: c.id, text: c.text, ...(withContext ? { context: c.doc } : {}) })));
  return r;
}
const top = (r: Retriever, q: string, k = 3) => r.search(q, { k }).map((h) => h.id);

describe('Retriever', () => {
  it('answers Chinese and English questions from the right chunk', () => {
    const r = handbook();
    expect(top(r, '请假需要提前几天申请？')[0]).toBe('leave-1');
    expect(top(r, '工作满十年有几天年假？')[0]).toBe('annual-1');
    expect(top(r, '报销单据要在多少天内提交？')[0]).toBe('expense-1');
    expect(top(r, '新员工培训多久？')[0]).toBe('training-1');
    expect(top(r, 'How much is reimbursed for hotels per night?')[0]).toBe('en-2');
    expect(top(r, 'Who accompanies visitors in the server room?')[0]).toBe('en-3');
    expect(top(r, 'ＨＯＴＥＬ　ＣＯＳＴＳ')[0]).toBe('en-2'); // full-width, upper case
    expect(r.search('鲸鱼', { k: 5 })).toEqual([]);
  });

  it('finds a chunk through its context when its text does not name the subject', () => {
    const q = '年假没休完怎么办？可以顺延吗';
    // without context the chunk still matches on 顺延 and 休完; with the title it is found for a
    // question naming only the document's subject
    expect(top(handbook(undefined, true), '年假规定里未休完的天数怎么处理', 1)).toEqual(['annual-2']);
    expect(top(handbook(undefined, true), q, 1)).toEqual(['annual-2']);
    const plain = handbook();
    const ctx = handbook(undefined, true);
    const rankOf = (r: Retriever) => r.search('差旅报销的机票标准', { k: 10 }).findIndex((h) => h.id === 'expense-2');
    expect(rankOf(ctx)).toBeLessThanOrEqual(rankOf(plain));
    expect(rankOf(ctx)).toBe(0);
  });

  it('never returns a chunk outside the allowed set, and still fills k', () => {
    const r = handbook();
    const all = top(r, '员工需要提交申请', 10);
    const allowed = new Set(all.slice(1));
    const hits = r.search('员工需要提交申请', { k: 3, allow: allowed });
    expect(hits).toHaveLength(3);
    for (const h of hits) expect(allowed.has(h.id)).toBe(true);
    const filtered = r.search('员工需要提交申请', { k: 3, filter: (id) => !id.startsWith('leave') });
    expect(filtered).toHaveLength(3);
    for (const h of filtered) expect(h.id.startsWith('leave')).toBe(false);
  });

  it('adds, replaces and removes chunks', () => {
    const r = handbook();
    expect(r.size).toBe(HANDBOOK.length);
    r.add('leave-3', '婚假为十天，须在领证后一年内休完。', '请假制度');
    expect(top(r, '婚假有几天？', 1)).toEqual(['leave-3']);
    r.add('leave-3', '产假为一百五十八天。'); // replaced
    expect(top(r, '领证', 5)).not.toContain('leave-3');
    expect(top(r, '产假多少天', 1)).toEqual(['leave-3']);
    expect(r.remove('leave-3')).toBe(true);
    expect(r.remove('leave-3')).toBe(false);
    expect(r.has('leave-3')).toBe(false);
    expect(top(r, '产假多少天', 5)).not.toContain('leave-3');
    expect(r.size).toBe(HANDBOOK.length);
  });

  it('round-trips through JSON with identical results', () => {
    const r = handbook(undefined, true);
    r.remove('en-1');
    const back = Retriever.fromJSON(JSON.parse(JSON.stringify(r)) as ReturnType<Retriever['toJSON']>);
    for (const q of ['请假需要提前几天申请？', '差旅报销的机票标准', 'hotel costs per night', '机房访客']) {
      expect(back.search(q, { k: 5 })).toEqual(r.search(q, { k: 5 }));
    }
    expect(back.config).toEqual(DEFAULT_RETRIEVER_CONFIG);
    expect(back.has('en-1')).toBe(false);
    expect(() => Retriever.fromJSON({ format: 'other' } as never)).toThrow();
  });

  it('runs without the re-ranker and with other fields', () => {
    const plain: RetrieverConfig = { ...DEFAULT_RETRIEVER_CONFIG, rerank: null };
    expect(top(handbook(plain), '请假需要提前几天申请？')[0]).toBe('leave-1');
    const words: RetrieverConfig = {
      fields: { word: { weight: 1, k1: 1.2, b: 0.75 } },
      dropQuestionWords: true,
      rerank: null,
    };
    expect(top(handbook(words), '报销单据提交给财务部')[0]).toBe('expense-1');
    expect(() => new Retriever({ fields: {}, dropQuestionWords: true, rerank: null })).toThrow();
  });

  it('is deterministic', () => {
    const a = handbook().search('员工 制度 申请', { k: 10 });
    const b = handbook().search('员工 制度 申请', { k: 10 });
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(2);
  });

  describe('neighbour context (chunks linked in reading order)', () => {
    /** Four fish articles, sentence by sentence; only the first one's third sentence lacks its name. */
    const FISH = [
      { id: 'a1', text: '黄鳍紫鱼是一种热带海水鱼。' },
      { id: 'a2', text: '它分布于印度洋与西太平洋珊瑚礁。' },
      { id: 'a3', text: '体长可达50公分。' },
      { id: 'b1', text: '蓝鲸是地球上最大的动物，体长可达30米。' },
      { id: 'c1', text: '鲸鲨是最大的鱼类，体长可达12米。' },
      { id: 'd1', text: '翻车鱼体长可达3米，以水母为食。' },
      { id: 'd2', text: '翻车鱼常在海面晒太阳。' },
    ];
    const Q = '黄鳍紫鱼的体长可达多少？';
    const build = (links: boolean, drop: string[] = []) => {
      const r = new Retriever();
      const kept = FISH.filter((c) => !drop.includes(c.id));
      r.addAll(kept.map((c, i) => ({ ...c, ...(links && i > 0 && c.id[0] === kept[i - 1]!.id[0] ? { prev: kept[i - 1]!.id } : {}) })));
      return r;
    };
    const rankOf = (r: Retriever, id: string, opts: { filter?: (id: string) => boolean } = {}) =>
      r.search(Q, { k: 10, ...opts }).findIndex((h) => h.id === id);

    it('finds the sentence that states the attribute through the neighbour that names the entity', () => {
      const plain = top(build(false), Q, 10);
      const linked = top(build(true), Q, 10);
      expect(plain.indexOf('a3')).toBeGreaterThanOrEqual(2);
      expect(linked.slice(0, 2)).toContain('a3');
      for (const other of ['b1', 'c1', 'd1']) expect(linked.indexOf('a3')).toBeLessThan(linked.indexOf(other));
    });

    it('never borrows from a neighbour the caller may not see', () => {
      const hidden = (id: string) => id !== 'a1';
      expect(rankOf(build(true), 'a3', { filter: hidden })).toBe(rankOf(build(false), 'a3', { filter: hidden }));
      expect(rankOf(build(true), 'a3', { filter: hidden })).toBeGreaterThanOrEqual(2);
      expect(build(true).search(Q, { k: 10, filter: hidden }).map((h) => h.id)).not.toContain('a1');
      expect(build(true).search(Q, { k: 10, allow: new Set(['a3', 'b1']) }).map((h) => h.id).sort()).toEqual(['a3', 'b1']);
    });

    it('a removed chunk breaks the chain; links survive JSON', () => {
      const r = build(true);
      expect(rankOf(r, 'a3')).toBeLessThan(rankOf(build(false), 'a3'));
      const back = Retriever.fromJSON(JSON.parse(JSON.stringify(r)) as ReturnType<Retriever['toJSON']>);
      expect(back.search(Q, { k: 10 })).toEqual(r.search(Q, { k: 10 }));
      r.remove('a2'); // a3's window no longer reaches a1
      expect(rankOf(r, 'a3')).toBe(rankOf(build(false, ['a2']), 'a3'));
      expect(rankOf(r, 'a3')).toBeGreaterThanOrEqual(2);
      // re-adding a chunk with a new predecessor relinks it
      r.add('a2', '它分布于印度洋与西太平洋的珊瑚礁。', undefined, 'a1');
      r.add('a3', '体长可达50公分。', undefined, 'a2');
      expect(rankOf(r, 'a3')).toBe(rankOf(build(true), 'a3'));
    });

    it('is off without links or with neighbours: null', () => {
      const off = new Retriever({ ...DEFAULT_RETRIEVER_CONFIG, neighbours: null });
      off.addAll(FISH.map((c, i) => ({ ...c, ...(i > 0 ? { prev: FISH[i - 1]!.id } : {}) })));
      expect(off.search(Q, { k: 10 })).toEqual(build(false).search(Q, { k: 10 }));
    });
  });
});
