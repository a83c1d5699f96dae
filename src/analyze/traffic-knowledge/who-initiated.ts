/**
 * Who opened a connection, read from one record's ports: a client connects from an ephemeral port
 * to a service port, so the side on the service port is the server whichever way the packet went.
 * A trojan's listening port only says "listener" when the other end is not itself on a service
 * port: a client whose ephemeral port happens to be 6776 (a SubSeven port) while talking to an IRC
 * server on 6667 is the IRC client, not a SubSeven server. Sensor records that carry no direction
 * (classic alert lines, EVE alerts without `flow` direction) leave nothing else to go by.
 */
import { MALWARE_PORTS } from './malware-signatures.js';
import { COMMON_SERVICE_PORTS } from './service-ports.js';

/** Ports a trojan or DDoS tool listens on. */
export const LISTENER_PORTS: readonly number[] = [...new Set(MALWARE_PORTS.map((p) => p.port))];

/**
 * Ports clients connect to: the well-known range, the commonly served ports, IRC's range. Minus
 * the trojan listeners (a listener is a role to prove, not a service) and the ports operating
 * systems hand out as ephemeral (1025–1029, 32768, 49152 up), which say nothing about a role.
 */
export const CLIENT_SERVICE_PORTS: readonly number[] = [
  ...new Set([...COMMON_SERVICE_PORTS, 6660, 6661, 6662, 6663, 6664, 6665, 6666, 6668, 6669, 7000, 1863, 5222]),
]
  .filter((p) => !LISTENER_PORTS.includes(p) && !(p >= 1025 && p <= 1029) && p !== 32768 && p < 49152)
  .sort((a, b) => a - b);

const SERVICE = new Set(CLIENT_SERVICE_PORTS);
const LISTENER = new Set(LISTENER_PORTS);

/** A port clients connect to (below 1024, or a commonly served one). */
export function isServicePort(port: number | null): boolean {
  return port !== null && (port < 1024 || SERVICE.has(port));
}

/**
 * Did the peer open the connection a record between `host` (on `hostPort`) and `peer` (on
 * `peerPort`) belongs to? `peerIsSource` says which way the record's packet went, the fallback
 * when the ports tell nothing.
 * @example peerStarted(6776, 6667, false) === false // the host is an IRC client
 * @example peerStarted(27374, 3312, false) === true // the peer connected to the host's SubSeven listener
 */
export function peerStarted(hostPort: number | null, peerPort: number | null, peerIsSource: boolean): boolean {
  const hostService = isServicePort(hostPort);
  const peerService = isServicePort(peerPort);
  if (hostService !== peerService) return hostService;
  const hostListener = hostPort !== null && LISTENER.has(hostPort);
  const peerListener = peerPort !== null && LISTENER.has(peerPort);
  if (hostListener !== peerListener) return hostListener;
  return peerIsSource;
}

/** `peerStarted` as SQL over two integer columns (NULL-safe); `peerIsSource` is fixed by the query. */
export function peerStartedSql(hostPort: string, peerPort: string, peerIsSource: boolean): string {
  const service = (c: string): string => `coalesce(${c} < 1024 OR ${c} IN (${CLIENT_SERVICE_PORTS.join(', ')}), false)`;
  const listener = (c: string): string => `coalesce(${c} IN (${LISTENER_PORTS.join(', ')}), false)`;
  return (
    `(CASE WHEN ${service(hostPort)} <> ${service(peerPort)} THEN ${service(hostPort)}` +
    ` WHEN ${listener(hostPort)} <> ${listener(peerPort)} THEN ${listener(hostPort)}` +
    ` ELSE ${peerIsSource} END)`
  );
}
