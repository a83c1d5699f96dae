/**
 * Ports that scanners sweep because a service commonly listens there: nmap's most-scanned TCP and
 * UDP ports, plus the ports the worms of the early 2000s hunted (Slammer 1434, Blaster 4444,
 * Sasser 5554/9898, MyDoom 3127, Bagle 2745, DameWare 6129…) and the trojan/DDoS listeners. A
 * sweep of any other port, that nothing on the swept network serves either, cannot be hoping for a
 * service: it is inverse mapping.
 */
import { MALWARE_PORTS } from './malware-signatures.js';

const TCP_TOP = [
  7, 9, 13, 21, 22, 23, 25, 26, 37, 53, 79, 80, 81, 88, 106, 110, 111, 113, 119, 135, 139, 143, 144, 179, 199, 389, 427,
  443, 444, 445, 465, 513, 514, 515, 543, 544, 548, 554, 587, 631, 646, 873, 990, 993, 995, 1025, 1026, 1027, 1028,
  1029, 1110, 1433, 1720, 1723, 1755, 1900, 2000, 2001, 2049, 2121, 2717, 3000, 3128, 3306, 3389, 3986, 4899, 5000,
  5009, 5051, 5060, 5101, 5190, 5357, 5432, 5631, 5666, 5800, 5900, 6000, 6001, 6646, 7070, 8000, 8008, 8009, 8080,
  8081, 8443, 8888, 9100, 9999, 10000, 32768, 49152, 49153, 49154, 49155, 49156, 49157,
];
const UDP_TOP = [53, 67, 68, 69, 123, 135, 137, 138, 161, 162, 445, 500, 514, 520, 631, 1434, 1900, 4500, 5353];
const WORM_TARGETS = [1080, 1214, 2745, 3127, 4444, 4662, 5554, 6129, 6346, 6667, 9898, 12345, 27374, 31337];

export const COMMON_SERVICE_PORTS: ReadonlySet<number> = new Set([
  ...TCP_TOP,
  ...UDP_TOP,
  ...WORM_TARGETS,
  ...MALWARE_PORTS.map((p) => p.port),
]);

/** Would a scanner sweep this port hoping to find a service? */
export function isCommonServicePort(port: number): boolean {
  return COMMON_SERVICE_PORTS.has(port);
}
