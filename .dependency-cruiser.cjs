/**
 * The layers of Guestpass and the one direction their imports take (docs/architecture.md).
 * `npm run lint` fails on any import that points the wrong way, and on any cycle.
 *
 *   src/util → src/http → src/store → domain (directory, otp, mail, federation)
 *     → src/metrics (prom-client and the measuring wrappers of domain services) → config
 *     → interactions (the journey; methods/<id>/ each on its own) → src/plugin
 *     → src/admin, src/dev, src/console → src/server → src/main.ts, src/index.ts
 */
const layer = (name, path) => ({ name, path });
const upward = (from, to, comment) => ({
  name: `no-${from.name}-to-${to.name}`,
  comment,
  severity: 'error',
  from: { path: from.path },
  to: { path: to.path },
});

const util = layer('util', '^src/util/');
const http = layer('http', '^src/http/');
const store = layer('store', '^src/store/');
const domain = layer('domain', '^src/(directory|otp|mail|federation)/');
const metrics = layer('metrics', '^src/metrics/');
const config = layer('config', '^config/');
const interactions = layer('interactions', '^interactions/');
const plugin = layer('plugin', '^src/plugin/');
const adminDev = layer('admin-dev', '^src/(admin|dev|console)/');
const server = layer('server', '^src/server/');
const entry = layer('entry', '^src/(main|index)\\.ts$');
const cli = layer('cli', '^src/cli/');

const order = [
  util,
  http,
  store,
  domain,
  metrics,
  config,
  interactions,
  plugin,
  adminDev,
  server,
  entry,
];
const rules = [];
order.forEach((lower, i) => {
  for (const higher of order.slice(i + 1)) {
    rules.push(
      upward(lower, higher, `${lower.name} is below ${higher.name}: it must not import it`),
    );
  }
});

module.exports = {
  forbidden: [
    ...rules,
    {
      name: 'no-cycles',
      comment: 'no module depends on itself through others',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'methods-stand-alone',
      comment: 'a sign-in method never imports another method (each is one folder)',
      severity: 'error',
      from: { path: '^interactions/methods/([^/]+)/' },
      to: { path: '^interactions/methods/([^/]+)/', pathNot: '^interactions/methods/$1/' },
    },
    {
      name: 'journey-uses-domain-operations',
      comment: 'the journey reaches the store only through domain services and types',
      severity: 'error',
      from: { path: '^interactions/' },
      to: { path: '^src/store/', pathNot: '^src/store/(keys|store|held-writes)\\.ts$' },
    },
    {
      name: 'cli-is-a-client',
      comment: 'the CLI talks to the admin API over HTTP; it imports no server code',
      severity: 'error',
      from: { path: cli.path },
      to: {
        path: '^(src/(server|admin|console|plugin|store|directory|dev|metrics)|interactions|config)/',
        // keys generate makes a key set without a server
        pathNot: '^config/signing-keys\\.ts$',
      },
    },
    {
      name: 'tests-and-examples-are-leaves',
      comment: 'product code never imports tests, examples or the benchmark',
      severity: 'error',
      from: { path: '^(src|config|interactions)/' },
      to: { path: '^(test|examples|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
