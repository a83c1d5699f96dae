import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ADDRESS_CONFIG, type AddressBookConfig } from './address-book.js';
import { chooseAddressConfig, describeAddressDifference } from './choose-address-config.js';
import { defaultConfig, parseConfig } from './config.js';

const CLASSIC: AddressBookConfig = {
  groups: { internal: ['MY.NET'], firewall: ['130.85.0.0/16'] },
  aliases: [['MY.NET', '130.85']],
};
const classicFile = parseConfig(JSON.stringify(CLASSIC), 'classic.json');
const otherFile = parseConfig(JSON.stringify({ groups: { internal: ['MY.NET'], dmz: ['10.9.0.0/16'] } }), 'dmz.json');
const thresholdsOnly = parseConfig(JSON.stringify({ detect: { scans: { minTargets: 3 } } }), 'thresholds.json');

const cases: {
  name: string;
  stored: AddressBookConfig | null;
  config: ReturnType<typeof defaultConfig>;
  purpose: 'ingest' | 'query';
  expected: AddressBookConfig;
  notice: RegExp | null;
}[] = [
  {
    name: 'new or old store, no file',
    stored: null,
    config: defaultConfig(),
    purpose: 'query',
    expected: DEFAULT_ADDRESS_CONFIG,
    notice: null,
  },
  { name: 'new store, a file', stored: null, config: classicFile, purpose: 'ingest', expected: CLASSIC, notice: null },
  {
    name: 'saved config, no file (another folder)',
    stored: CLASSIC,
    config: defaultConfig(),
    purpose: 'query',
    expected: CLASSIC,
    notice: null,
  },
  {
    name: 'saved config, ingest with no file keeps it',
    stored: CLASSIC,
    config: defaultConfig(),
    purpose: 'ingest',
    expected: CLASSIC,
    notice: null,
  },
  {
    name: 'saved config, a file with thresholds only',
    stored: CLASSIC,
    config: thresholdsOnly,
    purpose: 'query',
    expected: CLASSIC,
    notice: null,
  },
  {
    name: 'saved config, the same file',
    stored: CLASSIC,
    config: classicFile,
    purpose: 'query',
    expected: CLASSIC,
    notice: null,
  },
  {
    name: 'saved config, a differing file on a query',
    stored: CLASSIC,
    config: otherFile,
    purpose: 'query',
    expected: otherFile.address,
    notice:
      /^using the address config of dmz\.json for this run, not the store's saved one \(group dmz added; group firewall removed; alias MY\.NET=130\.85 removed\)$/,
  },
  {
    name: 'saved config, a differing file on ingest',
    stored: CLASSIC,
    config: otherFile,
    purpose: 'ingest',
    expected: otherFile.address,
    notice: /^re-classified the store's addresses under dmz\.json \(/,
  },
];

for (const c of cases) {
  test(`chooseAddressConfig: ${c.name}`, () => {
    const choice = chooseAddressConfig(c.stored, c.config, c.purpose);
    assert.deepEqual(choice.address, c.expected);
    if (c.notice === null) assert.equal(choice.notice, null);
    else assert.match(choice.notice ?? '', c.notice);
  });
}

test('chooseAddressConfig: the hash is that of the config chosen', () => {
  assert.equal(chooseAddressConfig(CLASSIC, defaultConfig(), 'query').hash, classicFile.addressHash);
  assert.equal(chooseAddressConfig(CLASSIC, otherFile, 'query').hash, otherFile.addressHash);
});

const differences: { name: string; from: AddressBookConfig; to: AddressBookConfig; expected: string }[] = [
  {
    name: 'a group changed and an alias added',
    from: { groups: { internal: ['MY.NET'] }, aliases: [] },
    to: { groups: { internal: ['MY.NET', '10.0.0.0/8'] }, aliases: [['MY.NET', '130.85']] },
    expected: 'group internal changed; alias MY.NET=130.85 added',
  },
  {
    name: 'two groups added',
    from: { groups: {}, aliases: [] },
    to: { groups: { a: ['1.2.3.4'], b: ['::1'] }, aliases: [] },
    expected: 'groups a, b added',
  },
  {
    name: 'order only',
    from: { groups: { a: ['1.0.0.0/8'], b: ['1.2.0.0/16'] }, aliases: [] },
    to: { groups: { b: ['1.2.0.0/16'], a: ['1.0.0.0/8'] }, aliases: [] },
    expected: 'same groups and aliases in another order',
  },
];

for (const d of differences) {
  test(`describeAddressDifference: ${d.name}`, () => {
    assert.equal(describeAddressDifference(d.from, d.to), d.expected);
  });
}
