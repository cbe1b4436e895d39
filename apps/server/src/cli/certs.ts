/**
 * `xueli cert …` — certification on the command line, through the same services as the API
 * (modules/certs/).
 *
 *   xueli cert list [--json] [--status active|suspended|revoked] [--programme ID]
 *   xueli cert export --id ID            prints the signed credential (a VC-JOSE JWT)
 *   xueli cert audit verify [--head HASH] walks the audit chain; exit 1 at the first broken link
 *   xueli cert keys rotate               a new signing key; old certificates keep verifying
 *   xueli cert remind                    expiry reminders (90/30/7 days) now, and pending e-mails
 */
import { CERTIFICATE_STATUSES } from '@xueli/contracts';
import { InvalidArgumentError, type Command } from 'commander';
import type { CertificateStatus } from '../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../lib/errors.ts';
import { certificateJwtById, certificateList, type CertificateRow } from '../modules/certs/certificates.service.ts';
import { certAuditVerifier, signingKeyRotator } from '../modules/certs/issuer.service.ts';
import { deliverPendingEmails, expiryReminderSweep } from '../modules/certs/notifications.service.ts';

type WithDeps = <T>(fn: (deps: Deps) => Promise<T>) => Promise<T>;

const out = (s: string): void => void process.stdout.write(s + '\n');

const positiveInt = (name: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 2147483647) throw new InvalidArgumentError(`${name} must be a positive whole number, not "${value}"`);
  return n;
};

const listItem = (r: CertificateRow) => ({
  id: r.id,
  publicId: r.publicId,
  holder: r.holderName,
  employeeNo: r.employeeNo,
  programme: r.programmeCode,
  programmeName: r.programmeName,
  level: r.level,
  status: r.effectiveStatus,
  validFrom: r.validFrom.toISOString(),
  validUntil: r.validUntil?.toISOString() ?? null,
});

export function registerCertCommands(program: Command, withDeps: WithDeps): Command {
  const cert = program.command('cert').description('certificates: list, export the signed credential, verify the audit chain, rotate the signing key');

  cert
    .command('list')
    .description('issued certificates, newest first (status shows expired for an active certificate past its validity)')
    .option('--json', 'print JSON (one array) instead of a table', false)
    .option('--status <status>', CERTIFICATE_STATUSES.join('|'))
    .option('--programme <id>', 'only this programme', positiveInt('--programme'))
    .action((o: { json: boolean; status?: string; programme?: number }) =>
      withDeps(async (deps) => {
        if (o.status !== undefined && !(CERTIFICATE_STATUSES as readonly string[]).includes(o.status))
          throw new DomainError('validation', `--status must be one of ${CERTIFICATE_STATUSES.join(', ')}`);
        const items: CertificateRow[] = [];
        for (let page = 1; ; page++) {
          const p = await certificateList(deps, { page, pageSize: 200, status: o.status as CertificateStatus | undefined, programmeId: o.programme });
          items.push(...p.items);
          if (items.length >= p.total || p.items.length === 0) break;
        }
        if (o.json) return out(JSON.stringify(items.map(listItem), null, 2));
        if (!items.length) return out('No certificates.');
        for (const r of items.map(listItem))
          out([r.id, r.holder, r.employeeNo, r.programme, r.level, r.status, r.validUntil?.slice(0, 10) ?? '—'].join('\t'));
      }),
    );

  cert
    .command('export')
    .description('print the signed certificate (compact VC-JOSE JWT, as downloaded from the verification page)')
    .requiredOption('--id <id>', 'the certificate id (see `xueli cert list`)', positiveInt('--id'))
    .action((o: { id: number }) => withDeps(async (deps) => out(await certificateJwtById(deps, o.id))));

  const audit = cert.command('audit').description('the hash-chained certification audit trail');
  audit
    .command('verify')
    .description('walk the chain; report the first broken link (exit 1) or the head hash to keep')
    .option('--head <hash>', 'a head hash recorded earlier: the chain must still contain it (detects truncation)')
    .action((o: { head?: string }) =>
      withDeps(async (deps) => {
        const r = await certAuditVerifier(deps, o.head ? { expectedHead: o.head } : {});
        if (r.broken) {
          out(`BROKEN at record ${r.broken.index + 1} of ${r.records}${r.broken.id === null ? '' : ` (seq ${r.broken.id})`}: ${r.broken.kind}`);
          out(`  ${r.broken.message.en}`);
          out(`  ${r.broken.message.zh}`);
          process.exitCode = 1;
          return;
        }
        out(`OK: ${r.records} record(s) chain correctly. Head: ${r.head ?? '(empty)'}`);
      }),
    );

  cert
    .command('keys')
    .description('the signing keys')
    .command('rotate')
    .description('create a new signing key; the previous one is retired but stays published')
    .action(() =>
      withDeps(async (deps) => {
        const r = await signingKeyRotator(deps, { actorUserId: null });
        out(`New signing key ${r.thumbprint}; retired ${r.retired.join(', ') || 'none'}.`);
      }),
    );
  cert
    .command('remind')
    .description('send the expiry reminders due now (90, 30 and 7 days before; each once) and pending notification e-mails')
    .action(() =>
      withDeps(async (deps) => {
        const n = await expiryReminderSweep(deps);
        const mail = await deliverPendingEmails(deps);
        out(`${n} reminder(s) written; e-mail: ${mail.sent} sent, ${mail.failed} failed${deps.config.smtp ? '' : ' (no SMTP server configured: XUELI_SMTP_URL)'}.`);
      }),
    );
  return cert;
}
