import {
  createDepartmentBody,
  createEmployeeBody,
  createPositionBody,
  departmentItem,
  departmentList,
  employeeItem,
  employeeListQuery,
  idParam,
  importQuery,
  importSummary,
  importTemplateQuery,
  okSchema,
  page,
  positionItem,
  positionList,
  updateDepartmentBody,
  updateEmployeeBody,
  updatePositionBody,
} from '@xueli/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps, OpContext } from '../../deps.ts';
import { acceptCsvBodies, uploadedCsvBytes } from '../../http/csv-upload.ts';
import { allow } from '../../http/policy.ts';
import * as svc from './service.ts';

const tags = ['organisation'];
const admin = allow.roles('admin');

const ctxOf = (request: FastifyRequest): OpContext => ({
  actorUserId: request.actor?.userId ?? null,
  requestId: request.id,
});

export const orgRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    // Raw CSV uploads (curl --data-binary); scoped to this plugin's routes.
    acceptCsvBodies(app, deps.config.maxUploadBytes);

    // ---- departments ----
    app.get(
      '/departments',
      {
        config: { policy: allow.authenticated },
        schema: {
          tags,
          summary: 'The department tree as a flat list, parents before children',
          response: { 200: departmentList },
        },
      },
      async () => ({ items: await svc.departmentLister(deps) }),
    );

    app.post(
      '/departments',
      {
        config: { policy: admin },
        schema: { tags, summary: 'Create a department', body: createDepartmentBody, response: { 201: departmentItem } },
      },
      async (request, reply) => reply.code(201).send(await svc.departmentCreator(deps, ctxOf(request), request.body)),
    );

    app.patch(
      '/departments/:id',
      {
        config: { policy: admin },
        schema: {
          tags,
          summary: 'Rename or move a department (a move into its own subtree is refused)',
          params: idParam,
          body: updateDepartmentBody,
          response: { 200: departmentItem },
        },
      },
      async (request) => svc.departmentUpdater(deps, ctxOf(request), { id: request.params.id, ...request.body }),
    );

    app.delete(
      '/departments/:id',
      {
        config: { policy: admin },
        schema: {
          tags,
          summary: 'Delete a department without sub-departments or employees',
          params: idParam,
          response: { 200: okSchema },
        },
      },
      async (request) => {
        await svc.departmentDeleter(deps, ctxOf(request), request.params);
        return { ok: true as const };
      },
    );

    // ---- positions ----
    app.get(
      '/positions',
      {
        config: { policy: allow.authenticated },
        schema: {
          tags,
          summary: 'Positions with the number of employees holding each',
          response: { 200: positionList },
        },
      },
      async () => ({ items: await svc.positionLister(deps) }),
    );

    app.post(
      '/positions',
      {
        config: { policy: admin },
        schema: { tags, summary: 'Create a position', body: createPositionBody, response: { 201: positionItem } },
      },
      async (request, reply) => reply.code(201).send(await svc.positionCreator(deps, ctxOf(request), request.body)),
    );

    app.patch(
      '/positions/:id',
      {
        config: { policy: admin },
        schema: {
          tags,
          summary: 'Change a position',
          params: idParam,
          body: updatePositionBody,
          response: { 200: positionItem },
        },
      },
      async (request) => svc.positionUpdater(deps, ctxOf(request), { id: request.params.id, ...request.body }),
    );

    app.delete(
      '/positions/:id',
      {
        config: { policy: admin },
        schema: { tags, summary: 'Delete a position nobody holds', params: idParam, response: { 200: okSchema } },
      },
      async (request) => {
        await svc.positionDeleter(deps, ctxOf(request), request.params);
        return { ok: true as const };
      },
    );

    // ---- employees ----
    app.get(
      '/employees',
      {
        config: { policy: allow.roles('admin', 'trainer', 'manager') },
        schema: {
          tags,
          summary: 'Employees in your scope (a manager: their reporting line and themselves)',
          querystring: employeeListQuery,
          response: { 200: page(employeeItem) },
        },
      },
      async (request) => svc.employeeLister(deps, request.actor!, request.query),
    );

    app.get(
      '/employees/:id',
      {
        config: { policy: allow.authenticated },
        schema: {
          tags,
          summary: 'One employee; outside your scope it is 404',
          params: idParam,
          response: { 200: employeeItem },
        },
      },
      async (request) => svc.employeeView(deps, request.actor!, request.params.id),
    );

    app.post(
      '/employees',
      {
        config: { policy: admin },
        schema: { tags, summary: 'Create an employee', body: createEmployeeBody, response: { 201: employeeItem } },
      },
      async (request, reply) => reply.code(201).send(await svc.employeeCreator(deps, ctxOf(request), request.body)),
    );

    app.patch(
      '/employees/:id',
      {
        config: { policy: admin },
        schema: {
          tags,
          summary: 'Change an employee (no hard delete: set status terminated)',
          params: idParam,
          body: updateEmployeeBody,
          response: { 200: employeeItem },
        },
      },
      async (request) => svc.employeeUpdater(deps, ctxOf(request), { id: request.params.id, ...request.body }),
    );

    // ---- CSV import ----
    app.post(
      '/employees/import',
      {
        config: { policy: admin },
        schema: {
          tags,
          summary:
            'Import employees from an HR CSV (multipart field `file`, or a text/csv body); dryRun (default true) only validates',
          querystring: importQuery,
          response: { 200: importSummary },
        },
      },
      async (request) => {
        const bytes = await uploadedCsvBytes(request);
        return svc.employeeImporter(deps, ctxOf(request), { bytes, dryRun: request.query.dryRun === 'true' });
      },
    );

    app.get(
      '/employees/import/template',
      {
        config: { policy: admin },
        schema: {
          tags,
          summary: 'An empty import file with the column headers (CSV)',
          querystring: importTemplateQuery,
        },
      },
      async (request, reply) => {
        const t = svc.importTemplate(request.query.lang);
        return reply
          .header('content-disposition', `attachment; filename="${t.filename}"`)
          .type('text/csv; charset=utf-8')
          .send(t.body);
      },
    );
  };
