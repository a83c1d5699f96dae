/**
 * Innocent out-of-spec packets, mostly ECN: in 2004 Snort 1.8 took the CWR/ECE bits of an
 * ECN-setup SYN (`12****S*`) for reserved bits, so ordinary clients of the web and mail servers
 * landed in the oos file, often in the scans file (`SYN 12****S* RESERVEDBITS`) and now and then
 * in the alert file (`Queso fingerprint`). Such hosts show up in all three logs without being
 * attackers: the reason the "seen in every log" list needs an analyst.
 */
import { TCP_FLAG } from '../core/event.js';
import type { BackgroundPools } from './background-pools.js';
import { pickEphemeralPort } from './ephemeral-port.js';
import type { Host, HostRegistry } from './host.js';
import type { LogSink } from './log-sink.js';
import { buildPacket } from './packet-factory.js';
import type { Random } from './random.js';
import { encodeScanTail } from './scan-line.js';
import type { Site } from './site.js';

const { CWR, ECE, ACK, PSH, SYN, FIN } = TCP_FLAG;
const ECN_SYN = CWR | ECE | SYN;
const ECN_SYN_ACK = ECE | SYN | ACK;
const ECN_PUSH = CWR | ECE | ACK | PSH;
const ODD = CWR | ACK | PSH | SYN | FIN;

const PAYLOADS = [
  'GET / HTTP/1.1\r\nHost: www\r\nAccept: */*\r\n\r\n',
  'EHLO mail.example.net\r\n',
  'GET /index.html HTTP/1.0\r\n\r\n',
  'USER anonymous\r\n',
].map((text) => Uint8Array.from(text, (c) => c.charCodeAt(0)));

export class BackgroundOos {
  private readonly servers: { host: Host; ports: number[] }[];
  private readonly tails = new Map<number, Uint8Array>();

  constructor(
    private readonly rng: Random,
    site: Site,
    private readonly pools: BackgroundPools,
    private readonly hosts: HostRegistry,
  ) {
    this.servers = [
      ...site.webServers.map((host) => ({ host, ports: [80, 80, 80, 443, 21, 22] })),
      ...site.mailServers.map((host) => ({ host, ports: [25] })),
    ];
  }

  /** One packet at `ts`, with the scans line and alert it may also cause. */
  emitOne(ts: number, sink: LogSink): void {
    const rng = this.rng;
    const client = this.pools.ecnClients[rng.skewed(this.pools.ecnClients.length, 2)]!;
    const server = rng.pick(this.servers);
    const port = rng.pick(server.ports);
    const cport = pickEphemeralPort(rng);
    const roll = rng.float();
    if (roll < 0.55) {
      sink.oos(buildPacket(rng, ts, client, cport, server.host, port, ECN_SYN));
      if (rng.chance(0.5)) this.scan(ts, client, cport, server.host, port, ECN_SYN, sink);
      // The rule matches one stack's option layout only, so only some clients ever trip it.
      if (client.ttlBase % 4 === 0 && rng.chance(0.5))
        sink.alert(ts, 'Queso fingerprint', client, cport, server.host, port);
    } else if (roll < 0.7) {
      sink.oos(buildPacket(rng, ts, server.host, port, client, cport, ECN_SYN_ACK));
      if (rng.chance(0.4)) this.scan(ts, server.host, port, client, cport, ECN_SYN_ACK, sink);
    } else if (roll < 0.9) {
      sink.oos(buildPacket(rng, ts, client, cport, server.host, port, ECN_PUSH, rng.pick(PAYLOADS)));
      if (rng.chance(0.3)) this.scan(ts, client, cport, server.host, port, ECN_PUSH, sink);
    } else {
      // A packet mangled on the way (flags no stack sends) is a one-off of some Internet host: a
      // new one each time, so that no background source adds up to a packet-crafting tool.
      const glitch = this.hosts.claimOutside(rng);
      const junk = Uint8Array.from({ length: rng.range(6, 40) }, () => rng.int(256));
      sink.oos(buildPacket(rng, ts, glitch, cport, server.host, port, ODD, junk));
      if (rng.chance(0.5)) this.scan(ts, glitch, cport, server.host, port, ODD, sink);
    }
  }

  private scan(ts: number, src: Host, sport: number, dst: Host, dport: number, flags: number, sink: LogSink): void {
    let tail = this.tails.get(flags);
    if (tail === undefined) {
      tail = encodeScanTail(flags);
      this.tails.set(flags, tail);
    }
    sink.scan(Math.floor(ts / 1_000_000), src, sport, dst, -1, dport, tail);
  }
}
