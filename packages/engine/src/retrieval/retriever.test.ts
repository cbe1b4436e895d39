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
});
