/**
 * Skill framework routes under /api/v1: frameworks and their versions, knowledge points,
 * prerequisite edges, CASE 1.0 JSON and CSV interchange. Reading: any logged-in user; writing:
 * admins and trainers.
 */
import {
  caseImportQuery,
  caseImportReport,
  cfPackage,
  createFrameworkBody,
  createPointBody,
  createVersionBody,
  frameworkDetail,
  frameworkList,
  frameworkListQuery,
  idParam,
  importSummary,
  knowledgePointItem,
  okSchema,
  pointsImportQuery,
  prerequisiteBody,
  prerequisiteEdge,
  prerequisiteParams,
  updateFrameworkBody,
  updatePointBody,
} from '@xueli/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps, OpContext } from '../../deps.ts';
import { acceptCsvBodies, uploadedCsvBytes } from '../../http/csv-upload.ts';
import { allow } from '../../http/policy.ts';
import * as svc from './framework.service.ts';

const tags = ['skills'];
const editors = allow.roles('admin', 'trainer');

const ctxOf = (request: FastifyRequest): OpContext => ({
  actorUserId: request.actor?.userId ?? null,
  requestId: request.id,
});

export const skillsFrameworkRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    // Raw CSV uploads (curl --data-binary); scoped to this plugin's routes.
    acceptCsvBodies(app, deps.config.maxUploadBytes);

    // ---- frameworks ----
    app.get(
      '/frameworks',
      {
        config: { policy: allow.authenticated },
        schema: {
          tags,
          summary: 'Skill frameworks (every version), by code and newest first, with point and prerequisite counts',
          querystring: frameworkListQuery,
          response: { 200: frameworkList },
        },
      },
      async (request) => ({ items: await svc.frameworkLister(deps, request.query) }),
    );

    app.post(
      '/frameworks',
      {
        config: { policy: editors },
        schema: {
          tags,
          summary: 'Create a draft framework (code and version unique together)',
          body: createFrameworkBody,
          response: { 201: frameworkDetail },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.frameworkCreator(deps, ctxOf(request), request.body)),
    );

    app.get(
      '/frameworks/:id',
      {
        config: { policy: allow.authenticated },
        schema: {
          tags,
          summary: 'A framework with its knowledge points (flat, depth-first, with parentId and depth) and prerequisite edges',
          params: idParam,
          response: { 200: frameworkDetail },
        },
      },
      async (request) => svc.frameworkViewer(deps, request.params.id),
    );

    app.patch(
      '/frameworks/:id',
      {
        config: { policy: editors },
        schema: {
          tags,
          summary: 'Change a draft; a published framework only retires (status: retired); a retired one is read-only',
          params: idParam,
          body: updateFrameworkBody,
          response: { 200: frameworkDetail },
        },
      },
      async (request) => svc.frameworkUpdater(deps, ctxOf(request), { id: request.params.id, ...request.body }),
    );

    app.delete(
      '/frameworks/:id',
      {
        config: { policy: editors },
        schema: {
          tags,
          summary: 'Delete a draft framework (409 for published or retired ones, or when evidence, mastery or targets use its points)',
          params: idParam,
          response: { 200: okSchema },
        },
      },
      async (request) => {
        await svc.frameworkDeleter(deps, ctxOf(request), request.params);
        return { ok: true as const };
      },
    );

    app.post(
      '/frameworks/:id/publish',
      {
        config: { policy: editors },
        schema: {
          tags,
          summary: 'Publish a draft (it becomes read-only); the previously published version of the same code is retired',
          params: idParam,
          response: { 200: frameworkDetail },
        },
      },
      async (request) => svc.frameworkPublisher(deps, ctxOf(request), request.params),
    );

    app.post(
      '/frameworks/:id/versions',
      {
        config: { policy: editors },
        schema: {
          tags,
          summary: 'A new draft version copying the points (same identifiers, originId = copied point), hierarchy and prerequisites',
          params: idParam,
          body: createVersionBody,
          response: { 201: frameworkDetail },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await svc.frameworkVersioner(deps, ctxOf(request), { id: request.params.id, version: request.body.version })),
    );

    // ---- knowledge points ----
    app.post(
      '/frameworks/:id/points',
      {
        config: { policy: editors },
        schema: {
          tags,
          summary: 'Add a knowledge point to a draft framework',
          params: idParam,
          body: createPointBody,
          response: { 201: knowledgePointItem },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await svc.pointCreator(deps, ctxOf(request), { frameworkId: request.params.id, ...request.body })),
    );

    app.patch(
      '/points/:id',
      {
        config: { policy: editors },
        schema: {
          tags,
          summary: 'Change or move a knowledge point of a draft (a move below itself is refused with the cycle)',
          params: idParam,
          body: updatePointBody,
          response: { 200: knowledgePointItem },
        },
      },
      async (request) => svc.pointUpdater(deps, ctxOf(request), { id: request.params.id, ...request.body }),
    );

    app.delete(
      '/points/:id',
      {
        config: { policy: editors },
        schema: {
          tags,
          summary:
            'Delete a knowledge point of a draft (409 when it has children, or evidence, mastery or targets refer to it)',
          params: idParam,
          response: { 200: okSchema },
        },
      },
      async (request) => {
        await svc.pointDeleter(deps, ctxOf(request), request.params);
        return { ok: true as const };
      },
    );

    // ---- prerequisites ----
    app.post(
      '/frameworks/:id/prerequisites',
      {
        config: { policy: editors },
        schema: {
          tags,
          summary: 'Add a prerequisite edge fromId → toId; one that would close a cycle is 409 with the cycle by codes',
          params: idParam,
          body: prerequisiteBody,
          response: { 201: prerequisiteEdge },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await svc.prerequisiteAdder(deps, ctxOf(request), { frameworkId: request.params.id, ...request.body })),
    );

    app.delete(
      '/frameworks/:id/prerequisites/:fromId/:toId',
      {
        config: { policy: editors },
        schema: {
          tags,
          summary: 'Remove the prerequisite edge fromId → toId',
          params: prerequisiteParams,
          response: { 200: okSchema },
        },
      },
      async (request) => {
        const { id, fromId, toId } = request.params;
        await svc.prerequisiteRemover(deps, ctxOf(request), { frameworkId: id, fromId, toId });
        return { ok: true as const };
      },
    );

    // ---- CASE 1.0 ----
    app.get(
      '/frameworks/:id/case',
      {
        config: { policy: allow.authenticated },
        schema: {
          tags,
          summary: 'The framework as a 1EdTech CASE 1.0 CFPackage (isChildOf for the hierarchy, precedes for prerequisites)',
          params: idParam,
          response: { 200: cfPackage },
        },
      },
      async (request) => svc.caseExporter(deps, request.params.id),
    );

    app.post(
      '/frameworks/import/case',
      {
        config: { policy: editors },
        schema: {
          tags,
          summary:
            'Import a CASE 1.0 CFPackage as a new draft framework, or a new draft version when its code exists; dryRun (default true) only validates',
          querystring: caseImportQuery,
          body: cfPackage,
          response: { 200: caseImportReport },
        },
      },
      async (request) =>
        svc.caseImporter(deps, ctxOf(request), {
          pkg: request.body,
          dryRun: request.query.dryRun === 'true',
          code: request.query.code,
          version: request.query.version,
        }),
    );

    // ---- CSV ----
    app.get(
      '/frameworks/:id/points.csv',
      {
        config: { policy: allow.authenticated },
        schema: {
          tags,
          summary:
            'The knowledge points as CSV (UTF-8 with BOM): code,name,name_en,domain,parent_code,prerequisites (;-separated codes),description',
          params: idParam,
        },
      },
      async (request, reply) => {
        const file = await svc.pointsCsvExporter(deps, request.params.id);
        return reply
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .type('text/csv; charset=utf-8')
          .send(file.body);
      },
    );

    app.post(
      '/frameworks/:id/points/import',
      {
        config: { policy: editors },
        schema: {
          tags,
          summary:
            'Upsert knowledge points of a draft by code from a CSV (multipart field `file`, or a text/csv body); dryRun (default true) only validates',
          params: idParam,
          querystring: pointsImportQuery,
          response: { 200: importSummary },
        },
      },
      async (request) => {
        const bytes = await uploadedCsvBytes(request);
        return svc.pointsCsvImporter(deps, ctxOf(request), {
          frameworkId: request.params.id,
          bytes,
          dryRun: request.query.dryRun === 'true',
        });
      },
    );
  };
