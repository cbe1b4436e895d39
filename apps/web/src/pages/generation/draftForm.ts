/**
 * The draft editor's form state and its conversion to and from draft content (pure, tested):
 * items (single, true/false, fill-in-the-blank), outlines and case studies. Fields the editor does not
 * show (tags, difficulty, a case's rubric) are carried over unchanged.
 */
export interface ItemForm {
  kind: 'item';
  type: 'single' | 'multiple' | 'true_false' | 'fill_blank';
  stem: string;
  explanation: string;
  options: { id: string; text: string }[];
  /** single: the correct option id; true_false: 'true' | 'false'. */
  correct: string;
  /** fill_blank: accepted answers of each blank. */
  blanks: string[][];
}
export interface OutlineForm {
  kind: 'outline';
  title: string;
  description: string;
  modules: { title: string; summary: string; objectives: string }[];
}
export interface CaseForm {
  kind: 'case';
  title: string;
  scenario: string;
  questions: string;
}
export type DraftForm = ItemForm | OutlineForm | CaseForm;

type Content = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function toForm(kind: 'outline' | 'item' | 'case', c: Content): DraftForm {
  if (kind === 'item') {
    const key = (c.answerKey ?? {}) as Content;
    const blanks = Array.isArray(key.blanks)
      ? (key.blanks as { accepted?: { value?: unknown }[] }[]).map((b) => (b.accepted ?? []).map((a) => (typeof a.value === 'string' || typeof a.value === 'number' ? String(a.value) : '')))
      : [];
    return {
      kind,
      type: (c.type as ItemForm['type']) ?? 'single',
      stem: str(c.stem),
      explanation: str(c.explanation),
      options: Array.isArray(c.options) ? (c.options as { id: string; text: string }[]).map((o) => ({ ...o })) : [],
      correct: typeof key.correct === 'boolean' ? String(key.correct) : str(key.correct),
      blanks,
    };
  }
  if (kind === 'outline') {
    const modules = Array.isArray(c.modules) ? (c.modules as Content[]) : [];
    return {
      kind,
      title: str(c.title),
      description: str(c.description),
      modules: modules.map((m) => ({ title: str(m.title), summary: str(m.summary), objectives: (Array.isArray(m.objectives) ? (m.objectives as string[]) : []).join('\n') })),
    };
  }
  return { kind, title: str(c.title), scenario: str(c.scenario), questions: (Array.isArray(c.questions) ? (c.questions as string[]) : []).join('\n') };
}

/** The content to save: the form's fields over the original content. */
export function fromForm(form: DraftForm, original: Content): Content {
  if (form.kind === 'item') {
    const base: Content = { ...original, stem: form.stem, explanation: form.explanation };
    if (!form.explanation.trim()) delete base.explanation;
    if (form.type === 'single' || form.type === 'multiple') {
      const options = form.options.filter((o) => o.text.trim());
      return { ...base, options, answerKey: { ...((original.answerKey) ?? {}), type: 'single-choice', options: options.map((o) => o.id), correct: form.correct } };
    }
    if (form.type === 'true_false') return { ...base, answerKey: { type: 'true-false', correct: form.correct === 'true' } };
    return {
      ...base,
      answerKey: {
        ...((original.answerKey) ?? {}),
        type: 'fill-blank',
        blanks: form.blanks.map((accepted) => ({ accepted: accepted.filter((a) => a.trim()).map((value) => ({ kind: 'text', value })) })),
      },
    };
  }
  if (form.kind === 'outline') {
    return {
      ...original,
      title: form.title,
      description: form.description,
      modules: form.modules.map((m, i) => {
        const prev = ((original.modules as Content[] | undefined) ?? [])[i] ?? {};
        return { ...prev, title: m.title, ...(m.summary.trim() ? { summary: m.summary } : {}), objectives: lines(m.objectives) };
      }),
    };
  }
  return { ...original, title: form.title, scenario: form.scenario, questions: lines(form.questions) };
}

/** A one-line label for a draft in the queue. */
export function draftSummary(kind: string, c: Content): string {
  const s = kind === 'item' ? str(c.stem) : str(c.title);
  return s.length > 120 ? `${s.slice(0, 120)}…` : s;
}
