/**
 * The organisation as a certificate issuer (ADR 0015): its did:web (from XUELI_PUBLIC_URL), its
 * name, its Ed25519 signing keys (created on first use, rotated on request; the private halves sealed
 * under the server secret) and the hash-chained certification audit trail.
 */
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { certAuditChain, certSigningKeys, type CertAuditEntry } from '../../db/schema/index.ts';
import type { Deps } from '../../deps.ts';
import { serverSecretFor } from '../../lib/secrets.ts';
import { appendToChain, verifyChain, type ChainBreak } from './credentials/audit-chain.ts';
import { didWebFromOrigin } from './credentials/did.ts';
import {
  generateSigningKey,
  publicJwks,
  rotateSigningKeys,
  unsealSigningKey,
  type PublicJwk,
  type SigningKey,
  type StoredSigningKey,
} from './credentials/keys.ts';
import type { Bilingual } from './credentials/openbadges.ts';

export interface Issuer {
  did: string;
  name: Bilingual;
  /** The public address, without a trailing slash. */
  url: string;
}

/** The issuer this server signs as. */
export function issuerOf(deps: Pick<Deps, 'config'>): Issuer {
  const [zh, en] = deps.config.orgName.split(' / ').map((s) => s.trim());
  return { did: didWebFromOrigin(deps.config.publicUrl), name: { zh: zh!, ...(en ? { en } : {}) }, url: deps.config.publicUrl };
}

type KeyRow = typeof certSigningKeys.$inferSelect;
const toStored = (r: KeyRow): StoredSigningKey => ({
  thumbprint: r.thumbprint,
  publicKey: { kty: 'OKP', crv: 'Ed25519', x: r.publicX },
  sealedPrivateKey: r.sealedPrivateKey,
  status: r.status,
  createdAt: r.createdAt.toISOString(),
  retiredAt: r.retiredAt ? r.retiredAt.toISOString() : null,
});
const toRow = (k: StoredSigningKey) => ({
  thumbprint: k.thumbprint,
  publicX: k.publicKey.x,
  sealedPrivateKey: k.sealedPrivateKey,
  status: k.status,
  createdAt: new Date(k.createdAt),
  retiredAt: k.retiredAt ? new Date(k.retiredAt) : null,
});

async function storedKeys(db: Db): Promise<StoredSigningKey[]> {
  return (await db.select().from(certSigningKeys).orderBy(desc(certSigningKeys.createdAt))).map(toStored);
}

/** Every stored key; creates the first one when there is none (the unique index settles a race). */
export async function signingKeys(deps: Deps): Promise<StoredSigningKey[]> {
  const keys = await storedKeys(deps.db);
  if (keys.some((k) => k.status === 'active')) return keys;
  const fresh = generateSigningKey(serverSecretFor(deps.config));
  await deps.db.insert(certSigningKeys).values(toRow(fresh)).onConflictDoNothing();
  return storedKeys(deps.db);
}

/** The published keys (JWKS / DID document), rotated ones included. */
export async function publishedKeys(deps: Deps): Promise<PublicJwk[]> {
  return publicJwks(await signingKeys(deps), issuerOf(deps).did);
}

/** The active key, opened, ready to sign. */
export async function activeKey(deps: Deps): Promise<{ key: SigningKey; thumbprint: string }> {
  const keys = await signingKeys(deps);
  const active = keys.find((k) => k.status === 'active')!;
  return { key: unsealSigningKey(active, serverSecretFor(deps.config), issuerOf(deps).did), thumbprint: active.thumbprint };
}

/** Rotation: a new active key; the previous one is retired but stays published. */
export async function signingKeyRotator(deps: Deps, props: { actorUserId: number | null }): Promise<{ thumbprint: string; retired: string[] }> {
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`lock table cert_signing_keys in share row exclusive mode`);
    const keys = await storedKeys(tx);
    const { keys: next, active } = rotateSigningKeys(keys, serverSecretFor(deps.config));
    const retired = keys.filter((k) => k.status === 'active').map((k) => k.thumbprint);
    for (const t of retired) {
      const k = next.find((x) => x.thumbprint === t)!;
      await tx.update(certSigningKeys).set({ status: 'retired', retiredAt: new Date(k.retiredAt!) }).where(eq(certSigningKeys.thumbprint, t));
    }
    await tx.insert(certSigningKeys).values(toRow(active));
    await appendCertAudit(tx, { actorUserId: props.actorUserId, action: 'key.rotate', subject: `key:${active.thumbprint}`, reason: null, data: { retired } });
    return { thumbprint: active.thumbprint, retired };
  });
}

/**
 * Appends one record to the certification audit chain; call inside the transaction of the change it
 * records. The table lock serialises writers so that each record links to the one before it.
 */
export async function appendCertAudit(tx: Db, e: Omit<CertAuditEntry, 'at'> & { at?: Date }): Promise<void> {
  await tx.execute(sql`lock table cert_audit_chain in share row exclusive mode`);
  const [last] = await tx.select({ hash: certAuditChain.hash }).from(certAuditChain).orderBy(desc(certAuditChain.seq)).limit(1);
  const entry: CertAuditEntry = {
    at: (e.at ?? new Date()).toISOString(),
    actorUserId: e.actorUserId,
    action: e.action,
    subject: e.subject,
    reason: e.reason,
    data: e.data,
  };
  const rec = appendToChain(last ?? null, entry);
  await tx.insert(certAuditChain).values({ entry, prevHash: rec.prevHash, hash: rec.hash });
}

export interface ChainReport {
  records: number;
  head: string | null;
  broken: ChainBreak | null;
}

/** Walks the whole chain in order; reports the first broken link. */
export async function certAuditVerifier(deps: Deps, props: { expectedHead?: string } = {}): Promise<ChainReport> {
  const rows = await deps.db.select().from(certAuditChain).orderBy(asc(certAuditChain.seq));
  const records = rows.map((r) => ({ id: r.seq, entry: r.entry, prevHash: r.prevHash, hash: r.hash }));
  return {
    records: records.length,
    head: records.at(-1)?.hash ?? null,
    broken: verifyChain(records, props.expectedHead ? { expectedHead: props.expectedHead } : {}),
  };
}
