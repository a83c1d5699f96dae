// Keeps the pipeline one-way: core imports no stage; each stage imports only core and earlier
// stages (ingest → store → analyze → present); no import cycles anywhere.
const stages = ['core', 'ingest', 'store', 'analyze', 'present'];
const forbidden = [{ name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } }];
stages.forEach((stage, i) => {
  const later = stages.slice(i + 1);
  if (later.length === 0) return;
  forbidden.push({
    name: `${stage}-imports-no-later-stage`,
    severity: 'error',
    from: { path: `^src/${stage}/` },
    to: { path: `^src/(${later.join('|')})/` },
  });
});
forbidden.push({
  name: 'core-imports-no-stage',
  severity: 'error',
  from: { path: '^src/core/' },
  to: { path: '^src/(ingest|store|analyze|present|gen)/' },
});
forbidden.push({
  name: 'gen-imports-only-core',
  severity: 'error',
  from: { path: '^src/gen/' },
  to: { path: '^src/(ingest|store|analyze|present)/' },
});
module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
