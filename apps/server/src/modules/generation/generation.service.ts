/**
 * Content generation (issue 6 §4, ADR 0019): drafts of outlines, quiz items and case studies from
 * knowledge-base documents, and their review. Generation answers directly (offline: the engine, in
 * milliseconds; with a model: one chat call per request, bounded by the provider's timeout and a
 * prompt budget); every draft is stored `pending` with its source passages. Nothing reaches the item
 * bank or the catalogue until a trainer or an admin approves it: an item or a case becomes an item
 * in `draft` status (the item bank's own review workflow decides when it goes live), an outline a
 * draft course with its modules.
 */
import {
  caseDraftContent,
  GENERATED_ITEM_TYPES,
  itemDraftContent,
  outlineDraftContent,
  type CreateItemBody,
  type GenerateBody,
  type GenerateResult,
  type GenerationDraftView,
  type GenerationListQuery,
  type Page,
} from '@xueli/contracts';
import { buildOutline, detectGenLanguage, generateQuizItems, type GenPassage } from '@xueli/engine';
import type { z } from 'zod';
import type { SourcePassage } from '../../db/schema/knowledge.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { aiProviderFor } from '../../lib/ai/runtime.ts';
import { recordAudit } from '../../lib/audit.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import * as courses from '../catalog/courses.repo.ts';
import * as content from '../catalog/content.repo.ts';
import { insertItems, prepareItems } from '../items/items.service.ts';
import { checkItem } from '../items/items.service.ts';
import { documentPassages, type KbPassage } from '../knowledge/passages.service.ts';
import * as model from './model.ts';
import * as repo from './generation.repo.ts';

type Ctx = { actor: Actor; requestId?: string };

export function presentDraft(r: repo.DraftWithNames): GenerationDraftView {
  const courseId = r.kind === 'outline' && typeof r.content.courseId === 'number' ? r.content.courseId : null;
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    origin: r.origin,
    content: r.content,
    documentIds: r.documentIds,
    sources: r.sources.map((s) => ({ chunkId: s.chunkId, documentId: s.documentId, documentTitle: s.documentTitle, text: s.text })),
    createdBy: r.createdByName,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    reviewedBy: r.reviewedByName,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    reviewNote: r.reviewNote,
    itemId: r.itemId,
    courseId,
  };
}

/** Whether a chat model is configured now (the generate panel says so). */
export async function generationCapabilities(deps: Deps) {
  const caps = await aiProviderFor(deps).capabilities();
  return { model: caps.chat, chatModel: caps.chatModel, itemTypes: [...GENERATED_ITEM_TYPES] };
}

interface NewDraft {
  kind: 'outline' | 'item' | 'case';
  content: Record<string, unknown>;
  chunkIds: number[];
}

const snapshot = (chunkIds: number[], byChunk: Map<number, KbPassage>): SourcePassage[] =>
  chunkIds.flatMap((id) => {
    const p = byChunk.get(id);
    return p ? [{ chunkId: p.chunkId, documentId: p.documentId, documentTitle: p.documentTitle, text: p.text }] : [];
  });

function offlineDrafts(kind: GenerateBody['kind'], passages: GenPassage[], body: GenerateBody): { drafts: NewDraft[]; shortfall: number } {
  if (kind === 'outline') {
    const o = buildOutline(passages);
    const content: z.infer<typeof outlineDraftContent> = {
      title: o.title,
      description: o.description,
      modules: o.modules.map((m) => ({ title: m.title, summary: m.summary, objectives: m.objectives, sourceChunkIds: m.sourceChunkIds })),
    };
    return { drafts: [{ kind: 'outline', content, chunkIds: o.modules.flatMap((m) => m.sourceChunkIds) }], shortfall: 0 };
  }
  const r = generateQuizItems(passages, { count: body.count, ...(body.types ? { types: body.types } : {}) });
  return {
    drafts: r.items.map((it) => ({
      kind: 'item' as const,
      content: {
        type: it.type,
        stem: it.stem,
        ...(it.type === 'single' ? { options: it.options } : {}),
        answerKey: it.answerKey as unknown as Record<string, unknown>,
        explanation: it.explanation,
        tags: it.tags,
      },
      chunkIds: it.sourceChunkIds,
    })),
    shortfall: r.shortfall,
  };
}

/** Drafts from the model, or why it gave none (`failure`: the call failed). */
async function modelDrafts(
  deps: Deps,
  actor: Actor,
  body: GenerateBody,
  passages: KbPassage[],
): Promise<{ drafts: NewDraft[]; dropped: number; failure: string | null; notes: string[] }> {
  const provider = aiProviderFor(deps);
  const nonce = model.newNonce();
  const { block, used } = model.documentsBlock(passages, nonce);
  const notes = used.length < passages.length ? [`${passages.length - used.length} passages did not fit in the prompt and were left out`] : [];
  const ctx = { actorUserId: actor.userId, subject: `documents:${body.documentIds.join(',')}` };
  if (body.kind === 'items') {
    const types = body.types ?? [...GENERATED_ITEM_TYPES];
    const r = await provider.chatJson({ ...ctx, feature: 'generation.items', system: model.GENERATION_SYSTEM_PROMPT, user: model.itemsPrompt(block, body.count, types), schema: model.itemsReply, maxTokens: 8000 });
    if (!r.ok) return { drafts: [], dropped: 0, failure: r.kind, notes };
    const drafts: NewDraft[] = [];
    let dropped = 0;
    for (const raw of r.data.items) {
      const d = drafts.length < body.count ? model.modelItemDraft(raw, used, types) : null;
      if (d) drafts.push({ kind: 'item', content: d.content, chunkIds: d.chunkIds });
      else dropped++;
    }
    return { drafts, dropped, failure: null, notes };
  }
  if (body.kind === 'outline') {
    const r = await provider.chatJson({ ...ctx, feature: 'generation.outline', system: model.GENERATION_SYSTEM_PROMPT, user: model.outlinePrompt(block), schema: model.outlineReply, maxTokens: 4000 });
    if (!r.ok) return { drafts: [], dropped: 0, failure: r.kind, notes };
    const { draft, dropped } = model.modelOutline(r.data, used);
    return { drafts: draft ? [{ kind: 'outline', content: draft.content, chunkIds: draft.chunkIds }] : [], dropped, failure: null, notes };
  }
  const r = await provider.chatJson({ ...ctx, feature: 'generation.case', system: model.GENERATION_SYSTEM_PROMPT, user: model.casePrompt(block), schema: model.caseReply, maxTokens: 4000 });
  if (!r.ok) return { drafts: [], dropped: 0, failure: r.kind, notes };
  const d = model.modelCase(r.data, used);
  return { drafts: d ? [{ kind: 'case', content: d.content, chunkIds: d.chunkIds }] : [], dropped: d ? 0 : 1, failure: null, notes };
}

/** POST /generation/drafts: reads the documents as the caller, generates, stores the drafts `pending`. */
export async function draftGenerator(deps: Deps, props: Ctx & { body: GenerateBody }): Promise<GenerateResult> {
  const { actor, body } = props;
  const docs = await documentPassages(deps, { actor, documentIds: body.documentIds });
  const passages = docs.flatMap((d) => d.passages);
  if (!passages.length) {
    throw conflict('The documents have no passages yet (still being indexed, or indexing failed); try again when they are ready', { documentIds: body.documentIds });
  }
  const caps = await aiProviderFor(deps).capabilities();
  if (body.useModel === true && !caps.chat) throw conflict('No chat model is configured; generate offline instead (useModel: false)', { needs: 'model' });
  const useModel = body.useModel ?? caps.chat;
  if (body.kind === 'case' && !useModel) {
    throw conflict('Case studies are written by the chat model, and none is configured (or useModel is false); offline generation makes outlines and quiz items only', { needs: 'model' });
  }
  let origin: 'offline' | 'model' = 'offline';
  let drafts: NewDraft[] = [];
  let dropped = 0;
  let shortfall = 0;
  const notes: string[] = [];
  if (useModel) {
    const m = await modelDrafts(deps, actor, body, passages);
    notes.push(...m.notes);
    if (m.failure) {
      if (body.kind === 'case') throw conflict(`The chat model did not answer usefully (${m.failure}); try again later`, { reason: m.failure });
      notes.push(`The chat model did not answer usefully (${m.failure}); these drafts were made offline`);
    } else {
      origin = 'model';
      drafts = m.drafts;
      dropped = m.dropped;
      if (dropped) notes.push(`${dropped} invalid ${body.kind === 'outline' ? 'module' : body.kind === 'case' ? 'case' : 'item'}${dropped === 1 ? '' : 's'} in the model's answer ${dropped === 1 ? 'was' : 'were'} dropped`);
      if (body.kind === 'items') shortfall = Math.max(0, body.count - drafts.length);
    }
  }
  if (origin === 'offline') {
    const o = offlineDrafts(body.kind, passages, body);
    drafts = o.drafts;
    shortfall = o.shortfall;
    if (shortfall) notes.push(`The documents gave ${drafts.length} of the ${body.count} items asked`);
  }
  const byChunk = new Map(passages.map((p) => [p.chunkId, p]));
  const ids = await deps.db.transaction(async (tx) => {
    const inserted = await repo.insertDrafts(
      tx,
      drafts.map((d) => ({ kind: d.kind, origin, content: d.content, documentIds: [...new Set(body.documentIds)], sources: snapshot(d.chunkIds, byChunk), createdBy: actor.userId })),
    );
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: 'generation.generate',
      entity: 'generation_draft',
      entityId: null,
      details: { kind: body.kind, origin, documentIds: body.documentIds, drafts: inserted, dropped, shortfall },
      requestId: props.requestId ?? null,
    });
    return inserted;
  });
  return { origin, drafts: (await repo.draftsByIds(deps.db, ids)).map(presentDraft), dropped, shortfall, notes };
}

export async function draftLister(deps: Deps, props: { query: GenerationListQuery }): Promise<Page<GenerationDraftView>> {
  const { rows, total } = await repo.draftPage(deps.db, props.query);
  return { items: rows.map(presentDraft), total, page: props.query.page, pageSize: props.query.pageSize };
}

export async function draftViewer(deps: Deps, props: { id: number }): Promise<GenerationDraftView> {
  const r = await repo.draftById(deps.db, props.id);
  if (!r) throw notFound('draft', props.id);
  return presentDraft(r);
}

const problemsOf = (e: z.ZodError) => e.issues.map((i) => `${i.path.map(String).join('.') || '(content)'}: ${i.message}`);
const invalidDraft = (problems: string[]) => invalid(`The draft has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.join('; ')}`, { problems });

/** Checks content against the draft's kind; an item must also pass the item bank's checks. */
export function checkDraftContent(kind: 'outline' | 'item' | 'case', raw: unknown): Record<string, unknown> {
  if (kind === 'item') {
    const p = itemDraftContent.safeParse(raw);
    if (!p.success) throw invalidDraft(problemsOf(p.error));
    const c = p.data;
    const { problems } = checkItem({ type: c.type, options: 'options' in c ? c.options : null, answerKey: c.answerKey, rubric: null });
    if (problems.length) throw invalidDraft(problems);
    return c;
  }
  const p = (kind === 'outline' ? outlineDraftContent : caseDraftContent).safeParse(raw);
  if (!p.success) throw invalidDraft(problemsOf(p.error));
  if (kind === 'outline' && 'courseId' in p.data) delete (p.data as { courseId?: number }).courseId;
  return p.data;
}

async function pendingDraft(db: Deps['db'], id: number, forUpdate = false): Promise<repo.DraftWithNames> {
  const r = await repo.draftById(db, id, { forUpdate });
  if (!r) throw notFound('draft', id);
  if (r.status !== 'pending') throw conflict(`This draft was already ${r.status}`, { status: r.status });
  return r;
}

export async function draftUpdater(deps: Deps, props: Ctx & { id: number; content: Record<string, unknown> }): Promise<GenerationDraftView> {
  await deps.db.transaction(async (tx) => {
    const cur = await pendingDraft(tx, props.id, true);
    const content = checkDraftContent(cur.kind, props.content);
    await repo.updateDraft(tx, props.id, { content });
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'generation.edit', entity: 'generation_draft', entityId: props.id, details: { kind: cur.kind }, requestId: props.requestId ?? null });
  });
  return draftViewer(deps, { id: props.id });
}

const uniqueTags = (tags: string[]) => [...new Set(tags.map((t) => t.slice(0, 60)))].slice(0, 30);

/** The item-bank body an item or case draft becomes. */
function itemBodyOf(d: repo.DraftWithNames, knowledgePoints: (number | string)[] | undefined): CreateItemBody {
  const provenance = ['generated', `draft-${d.id}`];
  if (d.kind === 'item') {
    const c = itemDraftContent.parse(d.content);
    return { ...c, tags: uniqueTags([...(c.tags ?? []), ...provenance]), knowledgePoints: knowledgePoints ?? c.knowledgePoints ?? [] };
  }
  const c = caseDraftContent.parse(d.content);
  const zh = detectGenLanguage(`${c.title}${c.scenario}`) === 'zh';
  const stem = [c.title, c.scenario, c.questions.map((q, i) => `${i + 1}. ${q}`).join('\n')].join('\n\n');
  return {
    type: 'essay',
    stem,
    rubric: c.rubric,
    explanation: zh ? '案例分析题，由人工按评分标准评分。' : 'A case study, graded by a person with the rubric.',
    tags: uniqueTags([...provenance, 'case']),
    knowledgePoints: knowledgePoints ?? c.knowledgePoints ?? [],
  };
}

/**
 * Approves a pending draft: an item or a case goes into the item bank (status draft, tagged
 * `generated` and `draft-<id>`, the version note naming the draft and its source passages), an
 * outline becomes a draft course with one module per outline module (objectives in its text).
 */
export async function draftApprover(
  deps: Deps,
  props: Ctx & { id: number; knowledgePoints?: (number | string)[] | undefined; note?: string | undefined },
): Promise<{ draft: GenerationDraftView; itemId: number | null; courseId: number | null }> {
  const first = await pendingDraft(deps.db, props.id);
  let prepared: Awaited<ReturnType<typeof prepareItems>>[number]['item'] = null;
  if (first.kind !== 'outline') {
    const [checked] = await prepareItems(deps.db, [itemBodyOf(first, props.knowledgePoints)]);
    if (!checked?.item) throw invalidDraft(checked?.problems ?? []);
    prepared = checked.item;
  }
  const result = await deps.db.transaction(async (tx) => {
    const cur = await pendingDraft(tx, props.id, true);
    if (cur.updatedAt.getTime() !== first.updatedAt.getTime()) throw conflict('The draft changed while it was being approved; review it again', { id: props.id });
    const reviewed = { status: 'approved' as const, reviewedBy: props.actor.userId, reviewedAt: new Date(), reviewNote: props.note ?? null };
    const sourceNote = `chunks ${cur.sources.map((s) => s.chunkId).join(', ') || '—'}`;
    if (prepared) {
      const [view] = await insertItems(tx, props.actor.userId, [prepared], `generated (${cur.origin}) from draft ${cur.id}; documents ${cur.documentIds.join(', ')}; ${sourceNote}`);
      await repo.updateDraft(tx, cur.id, { ...reviewed, itemId: view!.id });
      await recordAudit(tx, { actorUserId: props.actor.userId, action: 'item.create', entity: 'item', entityId: view!.id, details: { type: view!.type, generationDraftId: cur.id }, requestId: props.requestId ?? null });
      await recordAudit(tx, { actorUserId: props.actor.userId, action: 'generation.approve', entity: 'generation_draft', entityId: cur.id, details: { kind: cur.kind, itemId: view!.id }, requestId: props.requestId ?? null });
      return { itemId: view!.id, courseId: null };
    }
    const o = outlineDraftContent.parse(cur.content);
    const zh = detectGenLanguage(`${o.title}${o.modules.map((m) => m.title).join('')}`) === 'zh';
    const course = await courses.insertCourse(tx, {
      title: o.title,
      description: o.description ?? '',
      category: '',
      tags: ['generated'],
      status: 'draft',
      ownerUserId: props.actor.userId,
    });
    for (const m of o.modules) {
      const objectives = `${zh ? '学习目标' : 'Learning objectives'}:\n${m.objectives.map((x) => `- ${x}`).join('\n')}`;
      await content.insertModule(tx, { courseId: course.id, title: m.title, description: [m.summary, objectives].filter(Boolean).join('\n\n').slice(0, 5000) });
    }
    await repo.updateDraft(tx, cur.id, { ...reviewed, content: { ...o, courseId: course.id } });
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'course.create', entity: 'course', entityId: course.id, details: { title: course.title, generationDraftId: cur.id }, requestId: props.requestId ?? null });
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'generation.approve', entity: 'generation_draft', entityId: cur.id, details: { kind: cur.kind, courseId: course.id }, requestId: props.requestId ?? null });
    return { itemId: null, courseId: course.id };
  });
  return { draft: await draftViewer(deps, { id: props.id }), ...result };
}

export async function draftRejecter(deps: Deps, props: Ctx & { id: number; reason: string }): Promise<GenerationDraftView> {
  await deps.db.transaction(async (tx) => {
    const cur = await pendingDraft(tx, props.id, true);
    await repo.updateDraft(tx, cur.id, { status: 'rejected', reviewedBy: props.actor.userId, reviewedAt: new Date(), reviewNote: props.reason });
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'generation.reject', entity: 'generation_draft', entityId: cur.id, details: { kind: cur.kind, reason: props.reason }, requestId: props.requestId ?? null });
  });
  return draftViewer(deps, { id: props.id });
}
