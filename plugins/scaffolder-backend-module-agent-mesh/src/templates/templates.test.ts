import {
  estimateMonthlyCost,
  parseMeshConfig,
} from '@agent-mesh/infra-constructs';
import { TIERS, Tier } from '@agent-mesh/plugin-agent-mesh-common';
import { JsonObject } from '@backstage/types';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import {
  DryRunResult,
  SAMPLE_VALUES,
  startScaffolderTestBackend,
} from '../__testUtils__/scaffolderTestBackend';
import {
  listFiles,
  loadTemplate,
  SKELETON_DIR,
  templateFile,
} from '../__testUtils__/templateFiles';
import { formErrors } from '../__testUtils__/formValidation';
import { synthesizedMeshTemplate } from '../actions/estimateCost';
import { synthesisWorkerStats } from '../mesh/synthesisWorker';

jest.setTimeout(120_000);

/** The registry these dry runs configure for @agent-mesh/* (agentMeshScaffolder.packages.registry). */
const REGISTRY = 'https://npm.example.invalid/';

/**
 * The lock step's `npm install --package-lock-only`, replaced here by one that writes the lockfile's root entry
 * without resolving the tree (which needs the network and REGISTRY to exist). Every other command runs. The real
 * npm locks in lockPackages.test.ts and in generatedRepository.test.ts, which installs the result with `npm ci`.
 */
const npmLockRuns: { cwd: string; npmrc: string }[] = [];
jest.mock('node:child_process', () => {
  const actual = jest.requireActual('node:child_process');
  const fs_: typeof fs = jest.requireActual('node:fs');
  const path_: typeof path = jest.requireActual('node:path');
  return {
    ...actual,
    execFile(file: string, args: string[], options: any, callback: any) {
      if (file !== 'npm' || !args.includes('--package-lock-only')) {
        return actual.execFile(file, args, options, callback);
      }
      const read = (name: string) =>
        fs_.readFileSync(path_.join(options.cwd, name), 'utf8');
      npmLockRuns.push({ cwd: options.cwd, npmrc: read('.npmrc') });
      const { name, version, dependencies, devDependencies } = JSON.parse(
        read('package.json'),
      );
      fs_.writeFileSync(
        path_.join(options.cwd, 'package-lock.json'),
        `${JSON.stringify(
          {
            name,
            version,
            lockfileVersion: 3,
            requires: true,
            packages: { '': { name, version, dependencies, devDependencies } },
          },
          null,
          2,
        )}\n`,
      );
      process.nextTick(callback, null, '', '');
      return {};
    },
  };
});

let dryRun: (tier: Tier, values: JsonObject) => Promise<DryRunResult>;

beforeAll(async () => {
  ({ dryRun } = await startScaffolderTestBackend({
    agentMeshScaffolder: { packages: { registry: REGISTRY } },
  }));
});

function files(result: DryRunResult): Record<string, string> {
  return Object.fromEntries(
    (result.body.directoryContents ?? []).map(f => [
      f.path,
      Buffer.from(f.base64Content, 'base64').toString('utf8'),
    ]),
  );
}

/** Files copied without rendering must be byte-identical to the skeleton: user input never reaches code. */
function expectCodeUntouched(output: Record<string, string>) {
  const copied = listFiles(SKELETON_DIR).filter(f => !f.endsWith('.njk'));
  expect(copied.length).toBeGreaterThan(6);
  for (const file of copied) {
    const skeleton = fs.readFileSync(path.join(SKELETON_DIR, file), 'utf8');
    // packages:resolve appends exactly one line to .npmrc: the configured registry of our scope
    expect(output[file]).toBe(
      file === '.npmrc'
        ? `${skeleton.replace(/\n*$/, '\n')}@agent-mesh:registry=${REGISTRY}\n`
        : skeleton,
    );
  }
}

describe('the tier templates', () => {
  it('all render the one skeleton beside them, telling it their tier', () => {
    for (const tier of TIERS) {
      // GIVEN the template file, WHEN its render step is read
      const template = yaml.parse(fs.readFileSync(templateFile(tier), 'utf8'));
      const render = template.spec.steps.find(
        (step: { id: string }) => step.id === 'render',
      );
      // THEN it is fetch:template of ./skeleton (templates/skeleton) with the tier as a value
      expect(render).toMatchObject({
        action: 'fetch:template',
        input: { url: './skeleton', values: { tier } },
      });
      expect(
        path.resolve(path.dirname(templateFile(tier)), render.input.url),
      ).toBe(SKELETON_DIR);
    }
  });
});

describe.each(TIERS)(
  'the %s template, dry-run through the scaffolder backend',
  tier => {
    let result: DryRunResult;
    let output: Record<string, string>;
    const values = SAMPLE_VALUES[tier];
    const meshId = values.meshName as string;
    const agents = [
      'conductor',
      'critic',
      'sweeper',
      ...(values.specialistAgents as string[]),
    ];

    beforeAll(async () => {
      result = await dryRun(tier, values);
      output = files(result);
    });

    it('runs render, packages, validate, synth and cost, and skips only the publishing steps', () => {
      expect(result.body.error ?? result.body.errors).toBeUndefined();
      expect(result.status).toBe(200);
      const messages = (result.body.log ?? []).map(l => l.body.message);
      for (const step of [
        'Render the CDK repository',
        'Pin @agent-mesh packages',
        'Write package-lock.json',
        'Validate the mesh',
        'Synthesize with cdk-nag',
        'Estimate monthly cost',
      ]) {
        expect(messages).toContain(`Finished step ${step}`);
      }
      // Without the local module, agentMeshLocalPublish is undefined: the mesh goes to GitHub.
      expect(messages).toContain(
        'Skipping step publish-local because its if condition was false',
      );
      expect(messages).toContain(
        'Skipping because publish:github does not support dry-run',
      );
      expect(messages).toContain(
        'Skipping because catalog:register does not support dry-run',
      );
    });

    it('renders the form values into mesh.config.json as data', () => {
      expect(JSON.parse(output['mesh.config.json'])).toEqual({
        meshId,
        tier,
        environment: values.environment,
        awsAccountId: values.awsAccountId,
        region: values.region,
        agents,
        initialLane: values.initialLane,
        monthlyBudgetUsd: values.monthlyBudgetUsd,
        alarmEmail: values.alarmEmail ?? null,
        // the form's default: the image must be pushed to the mesh's repository under this tag before the first run
        imageTag: values.imageTag ?? 'v1',
        // the skeleton names the catalog entity the mesh's resources are tagged with
        catalogEntityRef: `system:default/${meshId}`,
        integrations: values.integrations ?? [],
      });
    });

    it('describes the mesh and its agents for the catalog with the agent-mesh annotations', () => {
      const [system, ...components] = yaml
        .parseAllDocuments(output['catalog-info.yaml'])
        .map(d => d.toJS());
      expect(system).toEqual({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: {
          name: meshId,
          description: values.description,
          annotations: {
            'agent-mesh.io/mesh-id': meshId,
            'agent-mesh.io/aws-account': values.awsAccountId,
            'agent-mesh.io/region': values.region,
            'agent-mesh.io/tier': tier,
            'agent-mesh.io/environment': values.environment,
            'agent-mesh.io/monthly-budget-usd': String(values.monthlyBudgetUsd),
          },
          tags: ['agent-mesh', tier, values.environment],
        },
        spec: { type: 'agent-mesh', owner: values.owner },
      });
      expect(components.map(c => c.metadata.name)).toEqual(
        agents.map(a => `${meshId}-${a}`),
      );
      for (const [i, component] of components.entries()) {
        expect(component.kind).toBe('Component');
        expect(component.metadata.annotations).toEqual({
          'agent-mesh.io/agent-name': agents[i],
        });
        expect(component.spec).toMatchObject({
          type: 'agent',
          system: meshId,
          owner: values.owner,
        });
      }
    });

    it('renders a complete repository whose code is the skeleton unchanged', () => {
      // THEN the repository holds the skeleton's files, the *.njk ones rendered under their own names, and the
      // package-lock.json of its package.json
      expect(Object.keys(output).sort()).toEqual(
        [
          ...listFiles(SKELETON_DIR).map(f => f.replace(/\.njk$/, '')),
          'package-lock.json',
        ].sort(),
      );
      expect(JSON.parse(output['package-lock.json'])).toMatchObject({
        packages: {
          '': {
            dependencies: { '@agent-mesh/infra-constructs': '^0.1.0' },
          },
        },
      });
      // locked through the registry the repository's .npmrc maps our scope to
      expect(output['.npmrc']).toContain(`@agent-mesh:registry=${REGISTRY}`);
      expect(
        npmLockRuns.some(run =>
          run.npmrc.includes(`@agent-mesh:registry=${REGISTRY}`),
        ),
      ).toBe(true);
      expect(Object.keys(output)).toEqual(
        expect.arrayContaining([
          'package.json',
          'cdk.json',
          'tsconfig.json',
          'jest.config.js',
          'bin/mesh.ts',
          'test/mesh.test.ts',
          'README.md',
          '.github/workflows/ci.yaml',
        ]),
      );
      expectCodeUntouched(output);
      // The CI workflow keeps its GitHub Actions expressions.
      expect(output['.github/workflows/ci.yaml']).toContain(
        '${{ steps.target.outputs.account }}',
      );
      expect(JSON.parse(output['package.json'])).toMatchObject({
        name: `agent-mesh-${meshId}`,
        dependencies: { '@agent-mesh/infra-constructs': '^0.1.0' },
      });
      // packages:resolve pins only the constructs; what they depend on comes through them.
      expect(
        Object.keys(JSON.parse(output['package.json']).dependencies).filter(
          name => name.startsWith('@agent-mesh/'),
        ),
      ).toEqual(['@agent-mesh/infra-constructs']);
      expect(output['README.md']).toContain(`# Agent mesh \`${meshId}\``);
    });

    it("shows the cost model's estimate and the synthesis on the output page", () => {
      const text = result.body.output?.text as {
        title: string;
        content: string;
      }[];
      // The cost model prices what the rendered mesh's stack creates, as the cost step does.
      const config = parseMeshConfig(JSON.parse(output['mesh.config.json']));
      const expected = estimateMonthlyCost(
        tier,
        { agents: agents.length },
        synthesizedMeshTemplate(
          config,
          fs.mkdtempSync(path.join(os.tmpdir(), 'estimate-')),
        ),
      );
      expect(text[0].title).toBe('Estimated monthly cost');
      expect(text[0].content).toContain(
        `**${expected.totalUsd.toFixed(2)} USD a month**`,
      );
      expect(text[1].content).toMatch(
        /cdk-nag AwsSolutions: 0 unacknowledged errors, 0 warnings, \d+ findings acknowledged/,
      );
      expect(text[1].content).toContain(
        '| AWS::StepFunctions::StateMachine | 2 |',
      );
      expect(result.body.output?.links).toEqual([
        { title: 'Repository', url: expect.any(String) },
        {
          title: 'Open the mesh in the catalog',
          icon: 'catalog',
          entityRef: `system:default/${meshId}`,
        },
        {
          title: 'Mesh page',
          url: `/catalog/default/system/${meshId}/agent-mesh`,
        },
      ]);
    });
  },
);

describe('a dry run on a backend that configures no registry and no tarballs for @agent-mesh/*', () => {
  it('fails at the packages step naming the settings, before anything is synthesized', async () => {
    // GIVEN the scaffolder backend without agentMeshScaffolder.packages
    const bare = await startScaffolderTestBackend();
    const workers = synthesisWorkerStats().started;
    // WHEN a template is dry-run
    const result = await bare.dryRun('small', SAMPLE_VALUES.small);
    // THEN it fails with the packages step's reason, naming both settings (a backend misconfiguration: 500)
    expect(result.status).toBe(500);
    const message = result.body.error?.message ?? '';
    expect(message).toContain(
      'package.json would install @agent-mesh/infra-constructs@^0.1.0 from a registry, but none is configured for the @agent-mesh scope: set agentMeshScaffolder.packages.registry',
    );
    expect(message).toContain('agentMeshScaffolder.packages.tarballDirectory');
    expect(message).toContain('dependency confusion');
    // AND nothing was synthesized after it
    expect(synthesisWorkerStats().started).toBe(workers);
  });
});

/*
 * Hostile inputs for every free-text parameter: each is either refused by the template's JSON schema (the
 * scaffolder validates the values server-side, with the same schema the form uses) with a message naming the
 * rule, or accepted and then present in the repository only as data: the parsed YAML/JSON holds exactly the
 * value, and every code file is byte-identical to the skeleton (so the repository compiles as the sample does).
 */
const HOSTILE: [string, string][] = [
  ['double quote', 'say "hi"'],
  ['single quote', "it's"],
  ['backticks', '`rm -rf /`'],
  ['template literal', '${process.exit(1)}'],
  ['scaffolder expression', '${{ parameters.meshName }}'],
  ['nunjucks tags', '{% raw %}{{ 7*7 }}{# x #}'],
  ['newline', 'a\nb'],
  ['carriage return', 'a\rb'],
  ['tab', 'a\tb'],
  ['NUL', 'a\u0000b'],
  ['unicode', 'ünïcødé ✓ 日本語 🚀'],
  ['bidi override and zero width', 'a\u202eb\u200bc'],
  ['line separator', 'a\u2028b'],
  ['path traversal', '../../../etc/passwd'],
  ['windows path traversal', '..\\..\\windows'],
  ['yaml syntax', 'x: [y] # &a *a !!js/function'],
  ['json syntax', '"}, "evil": {"'],
  ['html', '<script>alert(1)</script>'],
  ['very long', 'a'.repeat(5000)],
];

type Placement = (value: string) => JsonObject;
const FREE_TEXT: Record<
  string,
  { place: Placement; find: (out: Record<string, string>) => unknown }
> = {
  meshName: {
    place: v => ({ meshName: v }),
    find: out => JSON.parse(out['mesh.config.json']).meshId,
  },
  description: {
    place: v => ({ description: v }),
    find: out =>
      yaml.parseAllDocuments(out['catalog-info.yaml'])[0].toJS().metadata
        .description,
  },
  owner: {
    place: v => ({ owner: v }),
    find: out =>
      yaml.parseAllDocuments(out['catalog-info.yaml'])[0].toJS().spec.owner,
  },
  awsAccountId: {
    place: v => ({ awsAccountId: v }),
    find: out => JSON.parse(out['mesh.config.json']).awsAccountId,
  },
  alarmEmail: {
    place: v => ({ alarmEmail: v }),
    find: out => JSON.parse(out['mesh.config.json']).alarmEmail,
  },
  imageTag: {
    place: v => ({ imageTag: v }),
    find: out => JSON.parse(out['mesh.config.json']).imageTag,
  },
  'repoUrl (owner)': {
    place: v => ({ repoUrl: `github.com?owner=${v}&repo=r` }),
    find: () => undefined,
  },
  'repoUrl (repo)': {
    place: v => ({ repoUrl: `github.com?owner=acme&repo=${v}` }),
    find: () => undefined,
  },
};

function errorMessageOf(tier: Tier, key: string): string {
  const { template } = loadTemplate(tier);
  const page = (template.spec.parameters as any[]).find(
    p => p.properties?.[key],
  );
  return page.properties[key].errorMessage;
}

const outcomes: string[] = [];
afterAll(() => {
  process.stdout.write(
    `\nHostile inputs (template | parameter | input | outcome):\n${outcomes.join(
      '\n',
    )}\n`,
  );
});

describe.each(TIERS)('the %s template', tier => {
  describe.each(Object.entries(FREE_TEXT))(
    'free-text parameter %s',
    (param, { place, find }) => {
      it.each(HOSTILE)(
        'refuses %s with a clear message or keeps it as data',
        async (name, value) => {
          const values = { ...SAMPLE_VALUES[tier], ...place(value) };
          const key = param.split(' ')[0];
          const result = await dryRun(tier, values);
          const inForm = formErrors(tier, values);
          const refused = result.status === 400;
          // Refused: by the form with the parameter's own message, and by the server-side check of the same schema
          // naming the parameter. Accepted: by both, and the repository holds the value only as data.
          const serverError = result.body.errors?.[0];
          expect({
            form: inForm,
            property: serverError?.property,
            namesRule: /pattern|maximum length/.test(
              serverError?.message ?? '',
            ),
          }).toEqual(
            refused
              ? {
                  form: [`.${key}: ${errorMessageOf(tier, key)}`],
                  property: `instance.${key}`,
                  namesRule: true,
                }
              : { form: [], property: undefined, namesRule: false },
          );
          if (refused) {
            outcomes.push(
              `${tier} | ${param} | ${name} | refused: ${inForm[0]}`,
            );
            return;
          }
          expect(result.body.error).toBeUndefined();
          expect(result.status).toBe(200);
          const out = files(result);
          expectCodeUntouched(out);
          expect(find(out)).toBe(value);
          outcomes.push(`${tier} | ${param} | ${name} | accepted as data`);
        },
      );
    },
  );
});
