/**
 * Routes of certification (issue 7): programmes, certificates, and the public side — verification
 * (no login), the printable PDF, the status lists, and the issuer's keys at /.well-known (registered
 * outside /api).
 */
import {
  certificateList,
  certificateListQuery,
  certificatePage,
  certificateStatusBody,
  idParam,
  issueCertificateBody,
  programmeBody,
  programmeList,
  programmeView,
  publicIdParam,
  rotateKeyResult,
  statusPurposeParam,
  verificationView,
  verifyBody,
  certificateItem,
} from '@xueli/contracts';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { allow, type Actor } from '../../http/policy.ts';
import * as certs from './certificates.service.ts';
import { didDocument, jwksDocument } from './credentials/did.ts';
import * as issuer from './issuer.service.ts';
import { certificatePdf } from './pdf.ts';
import { presentCertificate, presentVerification, unwrapPresented } from './present.ts';
import * as programmes from './programmes.service.ts';

const tags = ['certification'];
const me = (request: { actor: Actor | null }) => request.actor!;

export const certRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const base = deps.config.publicUrl;
    // ---- programmes
    app.get('/cert-programmes', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Certification programmes (admins: all; others: active ones)', response: { 200: programmeList } },
    }, async (request) => programmes.programmeList(deps, { actor: me(request) }));

    app.get('/cert-programmes/:id', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'A programme with its levels and their requirements', params: idParam, response: { 200: programmeView } },
    }, async (request) => programmes.programmeViewer(deps, { actor: me(request), id: request.params.id }));

    app.post('/cert-programmes', {
      config: { policy: allow.roles('admin') },
      schema: { tags, summary: 'Create a programme with its levels', body: programmeBody, response: { 201: programmeView } },
    }, async (request, reply) => reply.code(201).send(await programmes.programmeCreator(deps, { actor: me(request), requestId: request.id, body: request.body })));

    app.put('/cert-programmes/:id', {
      config: { policy: allow.roles('admin') },
      schema: { tags, summary: "Replace a programme's definition (levels with certificates cannot be removed)", params: idParam, body: programmeBody, response: { 200: programmeView } },
    }, async (request) => programmes.programmeUpdater(deps, { actor: me(request), requestId: request.id, id: request.params.id, body: request.body }));

    // ---- certificates
    app.get('/me/certificates', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Your certificates', response: { 200: certificateList } },
    }, async (request) => {
      const actor = me(request);
      const rows = actor.employeeId ? await certs.employeeCertificates(deps, actor.employeeId) : [];
      return { items: rows.map((r) => presentCertificate(r, base)) };
    });

    app.get('/certificates', {
      config: { policy: allow.roles('admin') },
      schema: { tags, summary: 'Issued certificates (search by holder, employee number or id; filter by status and programme)', querystring: certificateListQuery, response: { 200: certificatePage } },
    }, async (request) => {
      const p = await certs.certificateList(deps, request.query);
      return { ...p, items: p.items.map((r) => presentCertificate(r, base)) };
    });

    app.post('/certificates', {
      config: { policy: allow.roles('admin') },
      schema: { tags, summary: 'Issue a certificate directly (e.g. one earned before Xueli); the reason goes into the audit chain', body: issueCertificateBody, response: { 201: certificateItem } },
    }, async (request, reply) =>
      reply.code(201).send(presentCertificate(await certs.certificateIssuer(deps, { actorUserId: me(request).userId, levelId: request.body.levelId, employeeId: request.body.employeeId, reason: request.body.reason }), base)));

    app.post('/certificates/:id/status', {
      config: { policy: allow.roles('admin') },
      schema: { tags, summary: 'Suspend, reinstate or revoke a certificate (revocation is final; the reason is published)', params: idParam, body: certificateStatusBody, response: { 200: certificateItem } },
    }, async (request) =>
      presentCertificate(await certs.certificateStatusSetter(deps, { actorUserId: me(request).userId, id: request.params.id, change: request.body.change, reason: request.body.reason, requestId: request.id }), base));

    app.post('/cert-keys/rotate', {
      config: { policy: allow.roles('admin') },
      schema: { tags, summary: 'Rotate the signing key: new certificates use a new key; old ones keep verifying', response: { 200: rotateKeyResult } },
    }, async (request) => issuer.signingKeyRotator(deps, { actorUserId: me(request).userId }));

    // ---- public (no login)
    app.get('/public/certificates/:publicId', {
      config: { policy: allow.public },
      schema: { tags, summary: 'Verify a certificate by its id: signature, issuer, validity period and status, each with a plain reason', params: publicIdParam, response: { 200: verificationView } },
    }, async (request) => presentVerification(await certs.certificateVerifier(deps, request.params.publicId)));

    app.get('/public/certificates/:publicId/credential', {
      config: { policy: allow.public },
      schema: {
        tags,
        summary: 'The signed certificate: a VC-JOSE JWT (?format=jwt, default) or a JSON file with the credential and its JWT (?format=json)',
        params: publicIdParam,
        querystring: z.strictObject({ format: z.enum(['jwt', 'json']).default('jwt') }),
      },
    }, async (request, reply) => {
      const { jwt } = await certs.certificateJwt(deps, request.params.publicId);
      const name = `certificate-${request.params.publicId}`;
      if (request.query.format === 'json') {
        return reply
          .type('application/json')
          .header('content-disposition', `attachment; filename="${name}.json"`)
          .send(JSON.stringify({ credential: certs.credentialOf(jwt), jwt }, null, 2));
      }
      return reply.type('application/vc+jwt').header('content-disposition', `attachment; filename="${name}.jwt"`).send(jwt);
    });

    app.get('/public/certificates/:publicId/pdf', {
      config: { policy: allow.public },
      schema: {
        tags,
        summary: 'The printable certificate: an A4 PDF in Chinese and English with a QR code to the verification page (marked when not valid)',
        params: publicIdParam,
      },
    }, async (request, reply) => {
      const { publicId } = request.params;
      const { row } = await certs.certificateJwt(deps, publicId);
      const pdf = await certificatePdf({ certificate: presentCertificate(row, base), issuerName: issuer.issuerOf(deps).name });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="certificate-${publicId}.pdf"`)
        .header('cache-control', 'no-cache')
        .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
    });

    app.post('/public/certificates/verify', {
      config: { policy: allow.public },
      schema: { tags, summary: 'Verify a presented certificate (its JWT, or the downloaded JSON file holding it)', body: verifyBody, response: { 200: verificationView } },
    }, async (request) => presentVerification(await certs.credentialVerifier(deps, unwrapPresented(request.body.credential))));

    app.get('/public/certificates/status/:purpose', {
      config: { policy: allow.public },
      schema: { tags, summary: 'The Bitstring Status List credential (revocation or suspension), as a VC-JOSE JWT', params: statusPurposeParam },
    }, async (request, reply) => {
      const list = await certs.statusList(deps, request.params.purpose);
      return reply.type('application/vc+jwt').header('cache-control', 'public, max-age=60').send(list.jwt);
    });
  };

/** The issuer's published keys, outside /api: /.well-known/jwks.json and /.well-known/did.json. */
export function wellKnownRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/.well-known/jwks.json', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type('application/jwk-set+json').header('cache-control', 'public, max-age=300').send(jwksDocument(await issuer.publishedKeys(deps)));
  });
  app.get('/.well-known/did.json', { schema: { hide: true } }, async (_request, reply) => {
    const keys = await issuer.publishedKeys(deps);
    return reply.type('application/did+json').header('cache-control', 'public, max-age=300').send(didDocument(issuer.issuerOf(deps).did, keys));
  });
}
