/**
 * Routes for item import, export and templates (authors only: exports carry answer keys).
 * Registered by items.routes.ts as a child plugin, so the raw-body content types accepted
 * here (XML, GIFT text, zip, xlsx, CSV) apply to these routes only.
 */
import { itemExportQuery, itemImportQuery, itemImportReport, itemTemplateQuery, type ItemImportQuery } from '@xueli/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../../deps.ts';
import { acceptCsvBodies } from '../../../http/csv-upload.ts';
import { allow } from '../../../http/policy.ts';
import { DomainError, invalid } from '../../../lib/errors.ts';
import * as svc from './import.service.ts';

const tags = ['items'];
const authors = allow.roles('admin', 'trainer');

/** Raw bodies (`curl --data-binary @file`) accepted besides multipart. */
const RAW_TYPES = [
  'application/xml',
  'text/xml',
  'text/plain',
  'application/zip',
  'application/x-zip-compressed',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** The uploaded file and the import options (multipart fields over the query string). */
async function readUpload(request: FastifyRequest, query: ItemImportQuery): Promise<{ source: svc.ImportSource; options: ItemImportQuery }> {
  if (!request.isMultipart()) {
    if (!Buffer.isBuffer(request.body)) {
      throw new DomainError('unsupported-media', "Send the file as multipart/form-data (field 'file', with 'format', 'dryRun' and 'defaultKnowledgePoints' fields) or as the raw body with ?format=");
    }
    return { source: { name: null, bytes: request.body }, options: query };
  }
  let source: svc.ImportSource | undefined;
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer(); // over the upload limit this rejects with a 413
      if (part.fieldname !== 'file' || source) throw invalid('Send exactly one file, in the field `file`', { errors: [{ path: part.fieldname, message: 'unexpected file' }] });
      source = { name: part.filename || null, bytes };
    } else fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value);
  }
  if (!source) throw invalid('The file is missing: send it in the field `file`', { errors: [{ path: 'file', message: 'required' }] });
  const merged = itemImportQuery.safeParse({ ...query, ...fields });
  if (!merged.success) {
    const errors = merged.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
    throw invalid(`The form fields are invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, { errors });
  }
  return { source, options: merged.data };
}

export const itemImportRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    acceptCsvBodies(app, deps.config.maxUploadBytes);
    app.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer', bodyLimit: deps.config.maxUploadBytes }, (_req, body, done) => done(null, body));

    app.post('/items/import', {
      config: { policy: authors },
      schema: {
        tags,
        summary:
          'Import items from CSV, xlsx, Moodle XML, GIFT or QTI 3.0 (multipart field `file` with fields `format`, `dryRun`, `defaultKnowledgePoints`; or a raw body with the same as query). dryRun (default true) only reports; otherwise every item is created as a draft, or nothing when any has a problem (422 with the report)',
        querystring: itemImportQuery,
        response: { 200: itemImportReport },
      },
    }, async (request) => {
      const { source, options } = await readUpload(request, request.query);
      return svc.itemImporter(deps, { actorUserId: request.actor!.userId, requestId: request.id }, {
        format: options.format,
        sources: [source],
        dryRun: options.dryRun === 'true',
        defaultKnowledgePoints: options.defaultKnowledgePoints,
      });
    });

    app.get('/items/import/template', {
      config: { policy: authors },
      schema: { tags, summary: 'The spreadsheet import template (CSV or xlsx, Chinese or English headers) with one example row per item type', querystring: itemTemplateQuery },
    }, async (request, reply) => {
      const t = await svc.itemTemplate(request.query);
      return reply.header('content-disposition', `attachment; filename="${t.filename}"`).type(t.contentType).send(t.body);
    });

    app.get('/items/export', {
      config: { policy: authors },
      schema: {
        tags,
        summary:
          'Export the items matching the filters of GET /items as CSV, xlsx, Moodle XML, GIFT or a QTI 3.0 package (zip), keys included; items a format cannot hold are counted in X-Xueli-Skipped',
        querystring: itemExportQuery,
      },
    }, async (request, reply) => {
      const f = await svc.itemExporter(deps, { query: request.query });
      return reply
        .header('content-disposition', `attachment; filename="${f.filename}"`)
        .header('x-xueli-exported', String(f.exported))
        .header('x-xueli-skipped', String(f.skipped.length))
        .type(f.contentType)
        .send(f.body);
    });
  };
