/**
 * The layer rules of docs/architecture.md, checked on every `npm test` (npm run lint).
 * Each rule says what a layer may not import; an exception is named in its `pathNot` with the
 * reason in docs/architecture.md ("Known exceptions").
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'import circles make the load order matter and the layers meaningless', from: {}, to: { circular: true } },
    { name: 'foundation-imports-nothing', severity: 'error', comment: 'types.ts and errors.ts import nothing from the project', from: { path: '^src/(types|errors)\\.ts$' }, to: { path: '^src/' } },
    { name: 'stats-pure', severity: 'error', comment: 'stats/ is pure arithmetic on samples', from: { path: '^src/stats/' }, to: { path: '^src/', pathNot: '^src/(stats/|types\\.ts|errors\\.ts)' } },
    {
      name: 'harness-self-contained',
      severity: 'error',
      comment: 'the harness runs unchanged in a Node worker and in a browser page: it gets ort and the clock as parameters',
      from: { path: '^src/harness/' },
      to: { path: '^src/', pathNot: '^src/(harness/|types\\.ts)' },
    },
    {
      name: 'gate-pure',
      severity: 'error',
      comment: 'judging is pure: it sees measurements, never runtimes, files or printing; it comes before the report and never needs it',
      from: { path: '^src/gate/' },
      to: { path: '^src/(cli|config|plan|runtimes|harness|io|reporters|report|baseline|merge|run|api)' },
    },
    {
      name: 'report-assembles-only',
      severity: 'error',
      comment: 'report/ assembles what the gate decided: the arithmetic on samples (stats/) is the gate’s',
      from: { path: '^src/report/' },
      to: { path: '^src/(stats|reporters|io)/' },
    },
    {
      name: 'baseline-holds-no-judging',
      severity: 'error',
      comment: 'baseline/ reads, stores and matches baseline entries; the regression checks on them are the gate’s',
      from: { path: '^src/baseline/' },
      to: { path: '^src/gate/' },
    },
    {
      name: 'reporters-render-only',
      severity: 'error',
      comment: 'reporters render what the report holds; they never measure, judge, read settings or write',
      from: { path: '^src/reporters/' },
      to: { path: '^src/(cli|config|plan|runtimes|harness|io|run|api|baseline|gate|stats)', pathNot: '^src/config/units\\.ts$' },
    },
    { name: 'only-cli-touches-cli', severity: 'error', comment: 'src/cli is the only code that touches the process; nothing imports it', from: { pathNot: '^src/cli/' }, to: { path: '^src/cli/' } },
    {
      name: 'runtime-libraries-in-runtimes',
      severity: 'error',
      comment: 'onnxruntime-web, onnxruntime-node and puppeteer are imported only in runtimes/',
      from: { path: '^src/', pathNot: '^src/runtimes/' },
      to: { path: 'node_modules/(onnxruntime-web|onnxruntime-node|puppeteer-core)/' },
    },
    { name: 'cli-libraries-in-cli', severity: 'error', comment: 'commander and chalk are the command line’s', from: { path: '^src/', pathNot: '^src/cli/' }, to: { path: 'node_modules/(commander|chalk)/' } },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|test|bench|scripts|fixtures)/' },
  },
};
