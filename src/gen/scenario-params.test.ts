import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickScenarioParams, type ScenarioParams } from './scenario-params.js';

test('seed 1 gives the classic data set’s constants', () => {
  assert.deepEqual(pickScenarioParams(1), {
    sweepPort: 57,
    control: { port: 20432, signature: 'DDOS shaft client to handler' },
    trojan: { port: 27374, signature: 'BACKDOOR SubSeven 22' },
    handler: { ports: [12754, 15104], signature: 'DDOS mstream handler to client' },
    lowSlow: { ipId: 4660, ttl: 78, periodSeconds: 1320, window: 0x400 },
  } satisfies ScenarioParams);
});

test('other seeds never use a classic constant, and differ among themselves', () => {
  const seeds = Array.from({ length: 30 }, (_, i) => i + 2);
  const all = seeds.map(pickScenarioParams);
  for (const [i, p] of all.entries()) {
    const name = `seed ${seeds[i]}`;
    assert.notEqual(p.sweepPort, 57, name);
    assert.notEqual(p.control.port, 20432, name);
    assert.notEqual(p.trojan.port, 27374, name);
    assert.notDeepEqual(p.handler.ports, [12754, 15104], name);
    assert.notEqual(p.lowSlow.ipId, 4660, name);
    assert.notEqual(p.lowSlow.ttl, 78, name);
    assert.notEqual(p.lowSlow.periodSeconds, 1320, name);
    assert.ok(p.lowSlow.periodSeconds >= 900 && p.lowSlow.periodSeconds <= 3600, name);
    const hostPorts = [p.control.port, p.trojan.port, ...p.handler.ports];
    assert.equal(new Set(hostPorts).size, hostPorts.length, `${name}: control, trojan and handler ports are distinct`);
  }
  const distinct = (f: (p: ScenarioParams) => unknown): number => new Set(all.map((p) => JSON.stringify(f(p)))).size;
  assert.ok(distinct((p) => p.sweepPort) > 5);
  assert.ok(distinct((p) => p.control) > 2);
  assert.ok(distinct((p) => p.trojan) > 3);
  assert.ok(distinct((p) => p.handler) > 2);
  assert.ok(distinct((p) => p.lowSlow.ipId) > 25);
  assert.deepEqual(pickScenarioParams(9), pickScenarioParams(9));
});
