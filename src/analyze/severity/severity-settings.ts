/**
 * The weights behind the severity formula, from `config.detect.severity` (every key optional; the
 * defaults are the table in docs/DETECTS.md). Each value is a 1–5 level of the practical's scale.
 */
import { z } from 'zod';

const level = z.number().int().min(1).max(5);

/** Criticality of a host that offers a service, by port: the practical's "DNS/mail server = 5, workstation = 2". */
export const DEFAULT_SERVICES: Readonly<Record<string, { name: string; criticality: number }>> = {
  '21': { name: 'FTP', criticality: 3 },
  '22': { name: 'SSH', criticality: 4 },
  '23': { name: 'Telnet', criticality: 4 },
  '25': { name: 'SMTP mail server', criticality: 4 },
  '53': { name: 'DNS server', criticality: 5 },
  '80': { name: 'web server', criticality: 3 },
  '88': { name: 'Kerberos', criticality: 5 },
  '110': { name: 'POP3 mail server', criticality: 4 },
  '111': { name: 'RPC portmapper', criticality: 3 },
  '135': { name: 'MS RPC', criticality: 3 },
  '139': { name: 'NetBIOS session (file shares)', criticality: 3 },
  '143': { name: 'IMAP mail server', criticality: 4 },
  '161': { name: 'SNMP agent', criticality: 3 },
  '389': { name: 'LDAP directory', criticality: 5 },
  '443': { name: 'HTTPS server', criticality: 3 },
  '445': { name: 'SMB (file shares)', criticality: 3 },
  '993': { name: 'IMAPS mail server', criticality: 4 },
  '995': { name: 'POP3S mail server', criticality: 4 },
  '1433': { name: 'MS SQL database', criticality: 4 },
  '1521': { name: 'Oracle database', criticality: 4 },
  '3306': { name: 'MySQL database', criticality: 4 },
  '3389': { name: 'remote desktop', criticality: 4 },
};

export const severitySettingsSchema = z
  .object({
    criticality: z
      .object({
        /** A targeted host in one of our groups, offering no listed service. */
        inside: level.default(3),
        /** Only outside hosts targeted. */
        outside: level.default(1),
        /** One of our hosts is in an attacker's hands. */
        compromisedHost: level.default(5),
      })
      .strict()
      .prefault({}),
    /** Extra or replacement entries for DEFAULT_SERVICES, keyed by port. */
    services: z
      .record(z.string().regex(/^\d+$/), z.object({ name: z.string().min(1), criticality: level }).strict())
      .default({}),
    lethality: z
      .object({
        recon: level.default(2),
        inverseMapping: level.default(2),
        probe: level.default(2),
        crafted: level.default(2),
        exploit: level.default(3),
        trojan: level.default(5),
        ddos: level.default(5),
        compromise: level.default(5),
        /** Service activity: a source's ordinary use or offer of a service (informational). */
        service: level.default(1),
        /** Added when a session on the service was established (capped at 5). */
        establishedBonus: z.number().int().min(0).max(4).default(1),
      })
      .strict()
      .prefault({}),
    system: z
      .object({
        unknown: level.default(3),
        nothingListening: level.default(4),
        sessionAccepted: level.default(2),
        compromised: level.default(1),
      })
      .strict()
      .prefault({}),
    network: z
      .object({
        unknown: level.default(3),
        blocked: level.default(5),
        inboundReached: level.default(2),
        inboundSession: level.default(1),
        outboundLeft: level.default(1),
      })
      .strict()
      .prefault({}),
    /** TTL spread (hops) above which one source's packets are judged to come from several senders. */
    maxTtlSpread: z.number().int().min(0).max(255).default(8),
  })
  .strict();

export type SeveritySettings = z.infer<typeof severitySettingsSchema>;

/** The service table in force: the defaults with the config's entries laid over them. */
export function servicesOf(settings: SeveritySettings): Record<string, { name: string; criticality: number }> {
  return { ...DEFAULT_SERVICES, ...settings.services };
}
