import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from './api-error.js';
import { checkRequest, CONTENT_SECURITY_POLICY, isLoopbackHost, type RequestFacts } from './serve-security.js';

const TOKEN = 'secret-token-42';
const none: RequestFacts = { host: undefined, authorization: undefined, cookie: undefined, queryToken: undefined };

const cases: {
  name: string;
  token: string | null;
  facts: Partial<RequestFacts>;
  expected: number | 'ok' | 'cookie';
}[] = [
  { name: 'no token, loopback Host with port', token: null, facts: { host: '127.0.0.1:8080' }, expected: 'ok' },
  { name: 'no token, localhost', token: null, facts: { host: 'localhost:8080' }, expected: 'ok' },
  { name: 'no token, [::1]', token: null, facts: { host: '[::1]:8080' }, expected: 'ok' },
  { name: 'no token, 127.x', token: null, facts: { host: '127.1.2.3' }, expected: 'ok' },
  { name: 'no token, rebinding name', token: null, facts: { host: 'attacker.example:8080' }, expected: 421 },
  {
    name: 'no token, localhost as a prefix',
    token: null,
    facts: { host: 'localhost.attacker.example' },
    expected: 421,
  },
  { name: 'no token, no Host', token: null, facts: {}, expected: 421 },
  { name: 'token, none given', token: TOKEN, facts: { host: '10.0.0.1' }, expected: 401 },
  { name: 'token, bearer', token: TOKEN, facts: { authorization: `Bearer ${TOKEN}` }, expected: 'ok' },
  { name: 'token, wrong bearer', token: TOKEN, facts: { authorization: 'Bearer secret-token-4' }, expected: 401 },
  { name: 'token, basic auth is not it', token: TOKEN, facts: { authorization: `Basic ${TOKEN}` }, expected: 401 },
  { name: 'token, cookie among others', token: TOKEN, facts: { cookie: `a=1; idsift_token=${TOKEN}` }, expected: 'ok' },
  { name: 'token, cookie of another name', token: TOKEN, facts: { cookie: `xidsift_token=${TOKEN}` }, expected: 401 },
  { name: 'token, query string sets the cookie', token: TOKEN, facts: { queryToken: TOKEN }, expected: 'cookie' },
  { name: 'token, empty query token', token: TOKEN, facts: { queryToken: '' }, expected: 401 },
  {
    name: 'token, any Host is fine',
    token: TOKEN,
    facts: { host: 'ids.example', authorization: `Bearer ${TOKEN}` },
    expected: 'ok',
  },
];
for (const c of cases) {
  test(`checkRequest: ${c.name}`, () => {
    const run = () => checkRequest(c.token, { ...none, ...c.facts });
    if (typeof c.expected === 'number') {
      assert.throws(run, (e: unknown) => e instanceof ApiError && e.status === c.expected);
    } else assert.deepEqual(run(), { setCookie: c.expected === 'cookie' });
  });
}

const hosts: { host: string; loopback: boolean }[] = [
  { host: '127.0.0.1', loopback: true },
  { host: '127.9.9.9', loopback: true },
  { host: 'localhost', loopback: true },
  { host: '::1', loopback: true },
  { host: '0.0.0.0', loopback: false },
  { host: '::', loopback: false },
  { host: '192.168.1.10', loopback: false },
  { host: '127.example', loopback: false },
];
for (const h of hosts) {
  test(`isLoopbackHost(${h.host}) is ${h.loopback}`, () => assert.equal(isLoopbackHost(h.host), h.loopback));
}

test('the CSP allows no inline or eval script and no other origin', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d] as const));
  assert.equal(directives.get('script-src'), "script-src 'self'");
  assert.equal(directives.get('object-src'), "object-src 'none'");
  assert.equal(directives.get('frame-ancestors'), "frame-ancestors 'none'");
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /https?:|\*/);
});
