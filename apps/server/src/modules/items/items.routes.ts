/** Routes for the item bank (authors only: the bank holds answer keys). */
import { createItemBody, idParam, itemListQuery, itemStatusBody, itemVersionList, itemView, okSchema, page, programmingAuthorResult, tryProgrammingBody, updateItemBody } from '@xueli/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { allow, type Actor } from '../../http/policy.ts';
import { itemImportRoutes } from './import/import.routes.ts';
import * as svc from './items.service.ts';
import { itemTrier } from './sandbox/try.service.ts';

const tags = ['items'];
const me = (request: { actor: Actor | null }) => request.actor!;
const authors = allow.roles('admin', 'trainer');

export const itemRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    // Import, export and templates: a child plugin, for its raw-body content types.
    await app.register(itemImportRoutes(deps));

    app.get('/items', {
      config: { policy: authors },
      schema: { tags, summary: 'Items of the bank, newest change first (filters: type, status, knowledge point, tag, text search)', querystring: itemListQuery, response: { 200: page(itemView) } },
    }, async (request) => svc.itemList(deps, { query: request.query }));

    app.post('/items', {
      config: { policy: authors },
      schema: { tags, summary: 'Create an item (draft); the key, options, rubric and knowledge points are validated together and every problem is reported', body: createItemBody, response: { 201: itemView } },
    }, async (request, reply) => reply.code(201).send(await svc.itemCreator(deps, { actor: me(request), requestId: request.id, body: request.body })));

    app.get('/items/:id', {
      config: { policy: authors },
      schema: { tags, summary: 'An item with its answer key, rubric and explanation (the author view)', params: idParam, response: { 200: itemView } },
    }, async (request) => svc.itemViewer(deps, { id: request.params.id }));

    app.patch('/items/:id', {
      config: { policy: authors },
      schema: { tags, summary: 'Change an item (new version; a key change on an active item is recorded in the history)', params: idParam, body: updateItemBody, response: { 200: itemView } },
    }, async (request) => svc.itemUpdater(deps, { actor: me(request), requestId: request.id, id: request.params.id, body: request.body }));

    app.delete('/items/:id', {
      config: { policy: authors },
      schema: { tags, summary: 'Delete a draft item (409 otherwise: retire it instead)', params: idParam, response: { 200: okSchema } },
    }, async (request) => svc.itemRemover(deps, { actor: me(request), requestId: request.id, id: request.params.id }));

    app.post('/items/:id/status', {
      config: { policy: authors },
      schema: { tags, summary: 'Move an item through the workflow draft → review → active → retired (review → draft too; 409 names the allowed moves)', params: idParam, body: itemStatusBody, response: { 200: itemView } },
    }, async (request) => svc.itemStatusSetter(deps, { actor: me(request), requestId: request.id, id: request.params.id, status: request.body.status, note: request.body.note }));

    app.get('/items/:id/versions', {
      config: { policy: authors },
      schema: { tags, summary: "An item's version history, newest first, each with a snapshot", params: idParam, response: { 200: itemVersionList } },
    }, async (request) => svc.itemVersions(deps, { id: request.params.id }));

    app.post('/items/:id/try', {
      config: { policy: authors },
      schema: { tags, summary: "Run a programming item's test cases on code (e.g. the reference solution) in the sandbox; everything is returned (the author view)", params: idParam, body: tryProgrammingBody, response: { 200: programmingAuthorResult } },
    }, async (request) => itemTrier(deps, { id: request.params.id, code: request.body.code }));
  };
