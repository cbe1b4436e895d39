/** Routes of content generation: generate drafts from documents, the review queue, edit, approve, reject (trainers and admins). */
import {
  approveDraftBody,
  approveResult,
  generateBody,
  generateResult,
  generationCapabilities,
  generationDraftView,
  generationListQuery,
  idParam,
  page,
  rejectDraftBody,
  updateDraftBody,
} from '@xueli/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { allow, type Actor } from '../../http/policy.ts';
import * as gen from './generation.service.ts';

const tags = ['generation'];
const me = (request: { actor: Actor | null }) => request.actor!;
const authors = allow.roles('admin', 'trainer');

export const generationRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/generation/capabilities', {
      config: { policy: authors },
      schema: { tags, summary: 'Whether a chat model is configured (else generation is offline: outlines and quiz items only)', response: { 200: generationCapabilities } },
    }, async () => gen.generationCapabilities(deps));

    app.post('/generation/drafts', {
      config: { policy: authors },
      schema: {
        tags,
        summary: 'Generate drafts (outline, quiz items or a case study) from documents; they wait in the review queue. A case study needs a chat model (409 without one)',
        body: generateBody,
        response: { 201: generateResult },
      },
    }, async (request, reply) => reply.code(201).send(await gen.draftGenerator(deps, { actor: me(request), requestId: request.id, body: request.body })));

    app.get('/generation/drafts', {
      config: { policy: authors },
      schema: { tags, summary: 'The review queue: drafts, newest first, by status, kind and document', querystring: generationListQuery, response: { 200: page(generationDraftView) } },
    }, async (request) => gen.draftLister(deps, { query: request.query }));

    app.get('/generation/drafts/:id', {
      config: { policy: authors },
      schema: { tags, summary: 'One draft with its source passages', params: idParam, response: { 200: generationDraftView } },
    }, async (request) => gen.draftViewer(deps, { id: request.params.id }));

    app.put('/generation/drafts/:id', {
      config: { policy: authors },
      schema: { tags, summary: "Edit a pending draft's content (checked by kind; an item must pass the item bank's checks)", params: idParam, body: updateDraftBody, response: { 200: generationDraftView } },
    }, async (request) => gen.draftUpdater(deps, { actor: me(request), requestId: request.id, id: request.params.id, content: request.body.content }));

    app.post('/generation/drafts/:id/approve', {
      config: { policy: authors },
      schema: {
        tags,
        summary: 'Approve a pending draft: an item or case goes into the item bank as a draft item, an outline becomes a draft course (409 when already reviewed)',
        params: idParam,
        body: approveDraftBody,
        response: { 200: approveResult },
      },
    }, async (request) => gen.draftApprover(deps, { actor: me(request), requestId: request.id, id: request.params.id, knowledgePoints: request.body.knowledgePoints, note: request.body.note }));

    app.post('/generation/drafts/:id/reject', {
      config: { policy: authors },
      schema: { tags, summary: 'Reject a pending draft with a reason (409 when already reviewed)', params: idParam, body: rejectDraftBody, response: { 200: generationDraftView } },
    }, async (request) => gen.draftRejecter(deps, { actor: me(request), requestId: request.id, id: request.params.id, reason: request.body.reason }));
  };
