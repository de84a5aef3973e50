/**
 * The files `vigil init` writes: a model project with a first model, an ava test
 * using the library API, a suite, a CI workflow and a README. `version` is the
 * Vigil version the project depends on.
 */
export function scaffoldFiles(name: string, version: string): Record<string, string> {
  return {
    'package.json': `${JSON.stringify(packageJson(name, version), null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    'models/mutex.ts': MODEL,
    'test/mutex.test.ts': TEST,
    'vigil-suite.yaml': SUITE,
    '.github/workflows/vigil.yml': WORKFLOW,
    '.gitignore': 'node_modules/\n*.itf.json\nvigil-reports/\n',
    'README.md': readme(name),
  };
}

function packageJson(name: string, version: string): Record<string, unknown> {
  return {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      check: 'vigil check mutex',
      suite: 'vigil suite vigil-suite.yaml',
      test: 'ava',
    },
    devDependencies: { 'vigil-mc': `^${version}`, ava: '^7.0.0' },
    // The project's models by name, for \`vigil list\`, \`vigil check mutex\` and \`vigil explore mutex\`.
    vigil: { models: { mutex: 'models/mutex.ts' } },
    // Test files are TypeScript too: vigil-mc/register strips their types as it does the models'.
    ava: { extensions: { ts: 'module' }, nodeArguments: ['--import=vigil-mc/register'], files: ['test/**/*.test.ts'], workerThreads: false },
  };
}

/** For editors and `tsc --noEmit`; Vigil itself runs the .ts files with no build step. */
const tsconfig = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  },
  include: ['models/**/*.ts', 'test/**/*.ts'],
};

const MODEL = `// A first model: N threads share one lock, and at most one may be in its critical
// section. Check it with \`npx vigil check mutex\` (its name in package.json's "vigil"
// field) or \`npx vigil check models/mutex.ts\`; try \`--const buggy=true\`.
import { c, defineSpec, model, range, t } from 'vigil-mc';

export default defineSpec({
  name: 'mutex',
  description: 'N threads sharing one lock',
  constants: {
    N: c.int(2, { min: 1, max: 6, description: 'number of threads' }),
    buggy: c.bool(false, 'take the lock without looking at it'),
  },
  build: ({ N, buggy }) =>
    model({ locked: t.bool() })
      .process('T', { ids: range(1, N), labels: ['acquire', 'critical', 'release'] })
      .initial({ locked: false })
      .steps('T', {
        acquire: { title: 'take the lock', when: (s) => buggy || !s.locked, do: (n) => void (n.locked = true) },
        critical: { title: 'work' },
        release: {
          title: 'release the lock',
          do: (n) => {
            n.locked = false;
            return 'acquire';
          },
        },
      })
      .invariant('MutualExclusion', (s) => range(1, N).filter((i) => s.T[i]!.pc === 'critical').length <= 1),
});
`;

const TEST = `import test from 'ava';
import { check, expectOk, expectViolation } from 'vigil-mc/testing';
import mutex from '../models/mutex.js';

test('the lock keeps two threads apart', (t) => {
  const report = check(mutex, { constants: { N: 2 } });
  expectOk(report, { distinctStates: 5, generatedStates: 7, depth: 3 });
  t.pass();
});

test('three threads, too', (t) => {
  expectOk(check(mutex, { constants: { N: 3 } }), { distinctStates: 7 });
  t.pass();
});

test('without looking at the lock, two threads meet in the critical section', (t) => {
  expectViolation(check(mutex, { constants: { buggy: true } }), 'MutualExclusion', { traceLength: 3 });
  t.pass();
});
`;

const SUITE = `name: mutex
entries:
  - name: the lock keeps three threads apart
    model: models/mutex.ts
    constants: { N: 3 }
    expect: { verdict: ok, distinctStates: 7 }
  - name: the buggy lock lets two threads in
    model: models/mutex.ts
    constants: { buggy: true }
    expect: { verdict: invariant, property: MutualExclusion, traceLength: 3 }
`;

const WORKFLOW = `name: vigil
on: [push, pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npx vigil suite vigil-suite.yaml --junit vigil-junit.xml --report-dir vigil-reports
      - run: npm test
`;

function readme(name: string): string {
  return `# ${name}

A model project checked with [Vigil](https://www.npmjs.com/package/vigil-mc).

## Next steps

1. \`npm install\`
2. \`npx vigil check mutex\`: checks every reachable state of the first model, which
   \`package.json\` registers by name in its \`vigil\` field (\`npx vigil list\` shows it)
   (\`--const N=3\` for three threads, \`--const buggy=true\` to see a counterexample,
   \`--coverage\` to see what each action contributes, \`--report run.html\` for a report).
3. \`npm test\`: the ava tests in \`test/\` check the model through the library API
   (\`check\`, \`expectOk\`, \`expectViolation\` from \`vigil-mc/testing\`).
4. \`npx vigil suite vigil-suite.yaml\`: every configuration with its expected outcome;
   the CI workflow in \`.github/workflows/vigil.yml\` runs it and the tests on every push.
5. Write your own model in \`models/\` (TypeScript, no build step), give it a name in
   \`package.json\`'s \`vigil.models\`, and add it to the suite. \`npx vigil explore mutex\`
   steps through a model in the browser.
   \`npx vigil simulate models/mine.ts --seed 1\` explores one too large to exhaust by random walks.

Type-check with \`npm install -D typescript && npx tsc\` (\`tsconfig.json\` is set up for it).
`;
}
