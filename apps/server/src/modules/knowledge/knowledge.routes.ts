/** Routes of the knowledge base: collections, documents (upload, paste, re-index), passages and search. */
import {
  idParam,
  jobItem,
  kbCollection,
  kbCollectionBody,
  kbCollectionList,
  kbCollectionPatch,
  kbDocument,
  kbDocumentDetail,
  kbDocumentPage,
  kbDocumentParams,
  kbDocumentQuery,
  kbPassage,
  kbPasteBody,
  kbSearchQuery,
  kbSearchResult,
  okSchema,
} from '@xueli/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { allow, type Actor } from '../../http/policy.ts';
import { readMultipart } from '../catalog/http-input.ts';
import * as collections from './collections.service.ts';
import * as documents from './documents.service.ts';
import { passageViewer, searchPassages } from './passages.service.ts';

const tags = ['knowledge'];
const me = (request: { actor: Actor | null }) => request.actor!;
const managers = allow.roles('admin', 'trainer');

export const knowledgeRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    // ---- collections
    app.get('/kb/collections', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Knowledge-base collections you may see (admins and trainers: all), with document counts', response: { 200: kbCollectionList } },
    }, async (request) => collections.collectionLister(deps, { actor: me(request) }));

    app.get('/kb/collections/:id', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'One collection (404 when you may not see it)', params: idParam, response: { 200: kbCollection } },
    }, async (request) => collections.collectionViewer(deps, { actor: me(request), id: request.params.id }));

    app.post('/kb/collections', {
      config: { policy: managers },
      schema: { tags, summary: 'Create a collection: visible to everyone, or restricted to departments (with sub-departments), positions and roles; optionally linked to a course', body: kbCollectionBody, response: { 201: kbCollection } },
    }, async (request, reply) => reply.code(201).send(await collections.collectionCreator(deps, { actor: me(request), requestId: request.id, body: request.body })));

    app.patch('/kb/collections/:id', {
      config: { policy: managers },
      schema: { tags, summary: 'Change a collection (an access list given replaces the old one)', params: idParam, body: kbCollectionPatch, response: { 200: kbCollection } },
    }, async (request) => collections.collectionUpdater(deps, { actor: me(request), requestId: request.id, id: request.params.id, body: request.body }));

    app.delete('/kb/collections/:id', {
      config: { policy: managers },
      schema: { tags, summary: 'Delete a collection with its documents and passages', params: idParam, response: { 200: okSchema } },
    }, async (request) => {
      await collections.collectionDeleter(deps, { actor: me(request), requestId: request.id, id: request.params.id });
      return { ok: true as const };
    });

    app.post('/kb/collections/:id/reindex', {
      config: { policy: managers },
      schema: { tags, summary: 'Re-index every document of a collection as a background job (progress in GET /jobs/:id)', params: idParam, response: { 202: jobItem } },
    }, async (request, reply) => reply.code(202).send(await documents.collectionReindexer(deps, { actor: me(request), requestId: request.id, collectionId: request.params.id })));

    // ---- documents
    app.get('/kb/collections/:id/documents', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: "A collection's documents with status, passage count and size (404 when you may not see the collection)", params: idParam, querystring: kbDocumentQuery, response: { 200: kbDocumentPage } },
    }, async (request) => documents.documentLister(deps, { actor: me(request), collectionId: request.params.id, query: request.query }));

    app.post('/kb/collections/:id/documents', {
      config: { policy: managers },
      schema: {
        tags,
        summary: 'Upload a document (multipart field `file`: .md, .html, .txt, .pdf or .docx up to XUELI_MAX_UPLOAD_MB; optional field `title`); it is indexed by a background job (`jobId`)',
        params: idParam,
        consumes: ['multipart/form-data'],
        response: { 202: kbDocument },
      },
    }, async (request, reply) => {
      const { upload, fields } = await readMultipart(request);
      return reply.code(202).send(await documents.documentUploader(deps, { actor: me(request), requestId: request.id, collectionId: request.params.id, upload, title: fields.title }));
    });

    app.post('/kb/collections/:id/documents/paste', {
      config: { policy: managers },
      schema: { tags, summary: "Add pasted text (e.g. a web page's text, Markdown headings understood) as a document; indexed by a background job", params: idParam, body: kbPasteBody, response: { 202: kbDocument } },
    }, async (request, reply) => reply.code(202).send(await documents.documentPaster(deps, { actor: me(request), requestId: request.id, collectionId: request.params.id, body: request.body })));

    app.delete('/kb/collections/:id/documents/:docId', {
      config: { policy: managers },
      schema: { tags, summary: 'Delete a document: its passages leave search at once', params: kbDocumentParams, response: { 200: okSchema } },
    }, async (request) => {
      await documents.documentDeleter(deps, { actor: me(request), requestId: request.id, collectionId: request.params.id, id: request.params.docId });
      return { ok: true as const };
    });

    app.post('/kb/collections/:id/documents/:docId/reindex', {
      config: { policy: managers },
      schema: { tags, summary: 'Re-index a document as a background job; on failure its previous passages stay', params: kbDocumentParams, response: { 202: jobItem } },
    }, async (request, reply) => reply.code(202).send(await documents.documentReindexer(deps, { actor: me(request), requestId: request.id, collectionId: request.params.id, id: request.params.docId })));

    app.get('/kb/documents/:id', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'A document with its passages in order (404 when you may not see it)', params: idParam, response: { 200: kbDocumentDetail } },
    }, async (request) => documents.documentViewer(deps, { actor: me(request), id: request.params.id }));

    // ---- passages
    app.get('/kb/passages/:id', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'One passage, e.g. a citation of the tutor (404 when you may not see it)', params: idParam, response: { 200: kbPassage } },
    }, async (request) => passageViewer(deps, { actor: me(request), chunkId: request.params.id }));

    app.get('/kb/search', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: "Search the passages you may see (with courseId: that course's collections when it has any)", querystring: kbSearchQuery, response: { 200: kbSearchResult } },
    }, async (request) => ({
      items: await searchPassages(deps, { actor: me(request), query: request.query.q, k: request.query.k, courseId: request.query.courseId ?? null }),
    }));
  };
