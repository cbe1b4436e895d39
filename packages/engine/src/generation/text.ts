/**
 * Text helpers of content generation (issue 6 §4): passages, language, sentences, stop words and the
 * runtime's word segmenter. Pure and deterministic.
 */

/** One passage of a source document, in document order (the knowledge base's chunk). */
export interface GenPassage {
  chunkId: number;
  documentId: number;
  documentTitle?: string;
  /** Headings above the passage, outermost first. */
  headingPath: string[];
  /** Position in its document, from 0. */
  ord: number;
  text: string;
}

export type GenLanguage = 'zh' | 'en';

/** A sentence of a passage. */
export interface GenSentence {
  /** Position among all sentences given, from 0. */
  index: number;
  text: string;
  chunkId: number;
  documentId: number;
  /** Index of its passage in the input. */
  passage: number;
}

const CJK_RE = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const CJK_G = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;
const LATIN_G = /[A-Za-z]/g;

export const isCjk = (s: string): boolean => CJK_RE.test(s);

/** 'zh' when Han characters are at least 30% of the letters, else 'en'. */
export function detectGenLanguage(text: string): GenLanguage {
  const han = text.match(CJK_G)?.length ?? 0;
  const latin = text.match(LATIN_G)?.length ?? 0;
  return han > 0 && han >= 0.3 * (han + latin) ? 'zh' : 'en';
}

/** Full-width ASCII letters and digits → half-width (length-preserving; CJK punctuation is kept). */
export function foldWidth(text: string): string {
  return text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** The comparison key of a term or a text: width-folded, lower case, whitespace collapsed. */
export function termKey(text: string): string {
  return foldWidth(text).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A list marker or numbering at the start of a line: "- ", "1. ", "（一）", "第三条 ". */
const LIST_MARKER = /^\s*(?:[-*•·>]+\s*|\d{1,3}[.)、]\s*|[（(][一二三四五六七八九十\d]{1,3}[)）]\s*|[一二三四五六七八九十]{1,3}、\s*|#{1,6}\s+)/;

/**
 * Splits a passage into sentences: at line breaks, after 。！？；!?; (closing quotes stay with their
 * sentence), and after ". " before a capital letter, a quote or a digit. List markers are removed; a
 * "sentence" without a letter or a Han character is dropped.
 */
export function splitGenSentences(text: string): string[] {
  const out: string[] = [];
  for (const rawLine of foldWidth(text).split(/\r?\n+/)) {
    const line = rawLine.replace(LIST_MARKER, '').trim();
    if (!line) continue;
    const parts = line.split(/(?<=[。！？；!?;][”’」』）)]?)|(?<=[a-z0-9)”"'][.])\s+(?=[A-Z“"'(\d])/);
    for (const p of parts) {
      const s = p.replace(LIST_MARKER, '').trim();
      if (s && /[A-Za-z\u3400-\u9fff]/.test(s)) out.push(s);
    }
  }
  return out;
}

/** Sentences of all passages, numbered in input order. */
export function sentencesOf(passages: readonly GenPassage[]): GenSentence[] {
  const out: GenSentence[] = [];
  passages.forEach((p, pi) => {
    for (const text of splitGenSentences(p.text)) out.push({ index: out.length, text, chunkId: p.chunkId, documentId: p.documentId, passage: pi });
  });
  return out;
}

/**
 * Chinese function words, modal verbs and words too general to teach or to test. A candidate term is
 * never one of these (they may still not be part of a merged term: they break a run).
 */
export const ZH_STOP = new Set(
  (
    '的 了 和 与 及 或 是 在 对 为 以 等 这 那 其 之 于 而 并 也 都 由 将 把 被 从 向 到 给 让 使 就 还 又 再 很 更 最 不 没 有 无 非 则 即 如 若 但 因 所 个 些 该 各 每 本 此 ' +
    '可以 可能 能够 应当 应该 必须 不得 禁止 需要 需 须 要 会 能 可 进行 根据 按照 依据 相关 有关 以及 或者 并且 而且 如果 因此 所以 但是 其他 其它 包括 包含 我们 你们 他们 ' +
    '它们 这些 那些 这个 那个 一个 一些 一种 一般 通过 对于 关于 由于 为了 以下 以上 上述 下列 如下 其中 之一 之间 方面 内容 情况 问题 工作 方式 方法 进一步 有效 主要 重要 ' +
    '已经 正在 目前 现在 同时 以后 之后 之前 然后 时候 时间 部分 所有 任何 全部 相应 及时 适当 确保 保证 做好 加强 提高 采取 开展 实施 规定 要求 办法 本办法 本制度 本规定 ' +
    '不少 不超过 以内 每年 每月 每次 如何 什么 哪些 为什么 怎样 并不 还是 只有 只要 不是 就是 而是 即可 称为 是指 指的'
  ).split(/\s+/),
);

/** English stop words (lower case). */
export const EN_STOP = new Set(
  (
    'a an the and or but nor of to in on at by for with from into onto over under about above below between among through during before after than then so as is are was were ' +
    'be been being am do does did done doing have has had having it its this that these those there here which who whom whose what when where why how not no yes all any each ' +
    'every some such more most other others another same own only also very can could may might must shall should will would need needs one two three first second new use used ' +
    'using make makes made get gets got include includes including means mean refers refer e.g i.e etc per via if else when while because however therefore thus within without ' +
    'you your yours we our ours they their them he she his her him i me my us'
  ).split(/\s+/),
);

export const isStopWord = (key: string): boolean => ZH_STOP.has(key) || EN_STOP.has(key);

/**
 * Verbs of procedure, too general to be a term alone or to begin one (取得 + 客户 is not a term);
 * they may end one (信息 + 保护).
 */
export const ZH_WEAK_VERBS = new Set(
  (
    '使用 处理 访问 提供 开展 取得 获取 告知 负责 发生 超过 违反 遵循 保障 规范 制定 完成 登记 存放 收集 监督 检查 报告 追究 签订 审批 识别 执行 落实 建立 完善 组织 参加 ' +
    '参与 了解 掌握 理解 支持 帮助 形成 实现 保持 发现 说明 处置 办理 申请 批准 审核 确认 记录 通知 保护 保存 存储 销毁 泄露 防止 避免 减少 增加 提升 选择 设置 输入 输出 ' +
    'use used provide process access ensure obtain keep make take give follow report record'
  ).split(/\s+/),
);
/** Nouns too general to be a term alone (they may be part of one: 客户 + 信息). */
export const WEAK_NOUNS = new Set(
  (
    '信息 数据 客户 员工 人员 部门 单位 机构 业务 系统 事项 范围 过程 目的 结果 责任 原则 标准 本行 公司 我行 用户 资料 文件 活动 服务 管理 措施 制度 流程 环节 ' +
    'information data customer customers staff employee employees people team system process business policy rule rules text answer answers ' +
    'document documents question questions output input thing things way ways part parts case cases example examples result results'
  ).split(/\s+/),
);
export const isWeakWord = (key: string): boolean => ZH_WEAK_VERBS.has(key) || WEAK_NOUNS.has(key);

/** One word of a sentence as the segmenter cut it. */
export interface WordToken {
  /** Offsets into the sentence (UTF-16). */
  start: number;
  end: number;
  text: string;
  key: string;
  cjk: boolean;
}

let segmenter: Intl.Segmenter | undefined;
function wordSegmenter(): Intl.Segmenter {
  return (segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' }));
}

/** The word-like segments of a sentence (ICU's dictionary segmentation, Chinese and English alike). */
export function wordsOf(sentence: string): WordToken[] {
  const out: WordToken[] = [];
  for (const s of wordSegmenter().segment(sentence)) {
    if (!s.isWordLike) continue;
    out.push({ start: s.index, end: s.index + s.segment.length, text: s.segment, key: termKey(s.segment), cjk: isCjk(s.segment) });
  }
  return out;
}

/** A small stable hash of a string (FNV-1a, 32 bits), for seeds. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Display length of a term: Han characters count one each, a Latin term counts its words. */
export function termLength(text: string): number {
  return isCjk(text) ? [...text].length : text.trim().split(/\s+/).length;
}
