// The architecture's import rules, checked by `npm run lint` (`depcruise`). Modules are resolved
// through tsconfig.json, so relative paths, dynamic `import()` and type-only imports all count.
// test/architecture/boundaries.test.ts writes a forbidden import into each layer and expects a failure.

/** npm packages only adapters (and composition roots) may use. */
const SDKS = 'node_modules/(@aws-sdk|@smithy|@octokit|@aws-lambda-powertools)/';
const CDK = 'node_modules/(aws-cdk-lib|constructs)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order and layering fragile.',
      from: { path: '^(controller|bin|lambdas|stacks|sandbox|bench)/' },
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment:
        'controller/model and controller/core are pure: they import only each other, zod and yaml (no SDK, no node:*, no ports, flows or adapters).',
      from: { path: '^controller/(model|core)/' },
      to: { pathNot: ['^controller/(model|core)/', 'node_modules/(zod|yaml)/'] },
    },
    {
      name: 'flows-use-ports',
      severity: 'error',
      comment: 'Flows and ports talk to the world through ports only: no SDK, Octokit or adapters.',
      from: { path: '^controller/(flows|ports)/' },
      to: { path: [SDKS, CDK, '^controller/adapters/'] },
    },
    {
      name: 'adapters-translate-only',
      severity: 'error',
      comment: 'Adapters implement ports; they do not call flows.',
      from: { path: '^controller/adapters/' },
      to: { path: '^controller/flows/' },
    },
    {
      name: 'controller-is-inner',
      severity: 'error',
      comment:
        'The controller knows nothing of its composition roots, stacks, tests or the sandbox.',
      from: { path: '^controller/' },
      to: { path: '^(bin|lambdas|stacks|sandbox|bench|test)/' },
    },
    {
      name: 'stacks-use-the-model',
      severity: 'error',
      comment: 'Stacks are built from the manifest model only.',
      from: { path: '^stacks/' },
      to: { path: ['^controller/(?!model/)', '^(bin|lambdas|sandbox|bench|test)/', SDKS] },
    },
    {
      name: 'lambdas-are-roots',
      severity: 'error',
      comment: 'Handlers wire the controller; they never reach the sandbox, benchmarks or tests.',
      from: { path: '^lambdas/' },
      to: { path: '^(sandbox|bench|test)/' },
    },
    {
      name: 'product-excludes-sandbox',
      severity: 'error',
      comment:
        'Nothing in the product imports the sandbox, except the two commands that start it, lazily.',
      from: {
        path: '^(bin|lambdas|stacks|controller)/',
        pathNot: '^bin/commands/(sandbox|demo)\\.ts$',
      },
      to: { path: '^sandbox/' },
    },
    {
      name: 'sandbox-loaded-lazily',
      severity: 'error',
      comment:
        'The commands that start the sandbox load it with import(), so other commands never do.',
      from: { path: '^bin/commands/(sandbox|demo)\\.ts$' },
      to: { path: '^sandbox/', dependencyTypesNot: ['dynamic-import'] },
    },
    {
      name: 'product-excludes-tests',
      severity: 'error',
      comment: 'Product code never imports tests or benchmarks.',
      from: { path: '^(bin|lambdas|stacks|controller|sandbox)/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'sandbox-is-standalone',
      severity: 'error',
      comment: 'The sandbox emulates AWS and GitHub; it knows nothing of the product.',
      from: { path: '^sandbox/' },
      to: { path: '^(controller|bin|lambdas|stacks)/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(cdk\\.out|\\.sandbox-data)/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
