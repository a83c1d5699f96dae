/**
 * `idsift serve` on a store, as a user starts it (the built bin), on a free loopback port; ready when
 * `GET /api/status` answers. Stopped by its own process id.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { BIN } from '../run-cli.js';

export interface Served {
  origin: string;
  /** Everything the server wrote to stderr so far (for failure messages). */
  stderr(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function startServe(db: string, config: string, extra: string[] = []): Promise<Served> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--db', db, '--config', config, '--host', '127.0.0.1', '--port', String(port), ...extra],
    { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout!.resume();
  const origin = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`idsift serve exited with ${child.exitCode}: ${err}`);
    try {
      const res = await fetch(`${origin}/api/status`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`idsift serve did not answer within 60 s: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { origin, stderr: () => err, stop };
}
