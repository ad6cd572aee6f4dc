import {
  mockCredentials,
  startTestBackend,
  mockServices,
  createMockDirectory,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import git from 'isomorphic-git';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import agentMeshModule from '@agent-mesh/plugin-scaffolder-backend-module-agent-mesh';
import agentMeshLocalFeature from '../index';
import {
  defaultTarballDirectory,
  packWorkspacePackages,
} from '../packaging/packWorkspacePackages';

/** The repository root (this file is plugins/<module>/src/templates/). */
const REPO_ROOT = path.resolve(__dirname, '../../../..');

/**
 * The template locations of the local app's app-config.yaml, resolved as the backend resolves them (from
 * packages/backend), so this test also checks that the config points at the templates.
 */
function appConfigTemplateLocations() {
  const appConfig = yaml.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'app-config.yaml'), 'utf8'),
  );
  return (
    appConfig.catalog.locations as {
      type: string;
      target: string;
      rules?: { allow: string[] }[];
    }[]
  )
    .filter(l => l.rules?.some(r => r.allow.includes('Template')))
    .map(l => ({
      ...l,
      target: path.resolve(REPO_ROOT, 'packages/backend', l.target),
    }));
}

/*
 * The backend half of the browser journey, with nothing mocked but auth: the real catalog loads the templates
 * from the file: locations of app-config.yaml, as the local app does, the real scaffolder runs a full task (not a dry
 * run) with both Agent Mesh modules and local publishing on, the task renders the shared skeleton, publishes a
 * git repository, and catalog:register registers its file: URL through this module's URL reader.
 */
jest.setTimeout(120_000);

/** The embedded AWS's control token, as config gives it to both it and this module (`localAws.controlToken`). */
const LOCAL_AWS_TOKEN = 'local-journey-test-token';

describe('creating a small mesh in the local app', () => {
  const repos = createMockDirectory();

  // As `yarn start` does: the generated repository installs @agent-mesh/* from these tarballs (skipped when current).
  beforeAll(() => {
    packWorkspacePackages(defaultTarballDirectory());
  }, 300_000);

  let localAws: http.Server;
  const localAwsRequests: string[] = [];
  beforeAll(async () => {
    // Stands in for the embedded AWS's control route on a random port; like it, refuses a request without the token.
    localAws = http.createServer((req, res) => {
      let body = '';
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        if (req.headers['x-agent-mesh-local-token'] !== LOCAL_AWS_TOKEN) {
          res.writeHead(401).end();
          return;
        }
        localAwsRequests.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(201).end();
      });
    });
    await new Promise<void>(resolve =>
      localAws.listen(0, '127.0.0.1', resolve),
    );
  });
  afterAll(() => new Promise(resolve => localAws.close(resolve)));

  it('runs the task to completion and the mesh and its agents appear in the catalog', async () => {
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        scaffolderEntityModel,
        scaffolderPlugin,
        githubModule,
        agentMeshModule,
        agentMeshLocalFeature,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Component', 'System', 'Location'] }],
              locations: appConfigTemplateLocations(),
            },
            localAws: {
              enabled: true,
              port: (localAws.address() as AddressInfo).port,
              controlToken: LOCAL_AWS_TOKEN,
            },
            agentMeshScaffolder: {
              // As app-config.yaml: the workspace's packed @agent-mesh/* tarballs (`pack:workspace`).
              packages: { tarballDirectory: defaultTarballDirectory() },
              localPublish: { enabled: true, directory: repos.path },
            },
          },
        }),
      ],
    });
    const auth = mockCredentials.user.header();
    const api = (p: string) =>
      request(server).get(p).set('Authorization', auth);

    // GIVEN the three templates in the catalog
    for (const tier of ['small', 'medium', 'large']) {
      await waitFor(async () => {
        const res = await api(
          `/api/catalog/entities/by-name/template/default/agent-mesh-${tier}`,
        );
        return res.status === 200;
      });
    }

    // WHEN the form is submitted
    const values = {
      meshName: 'journey-dev',
      description: 'Answers support tickets',
      owner: 'group:default/platform-team',
      environment: 'dev',
      awsAccountId: '111111111111',
      region: 'eu-west-1',
      specialistAgents: ['lambda-expert'],
      initialLane: 'read_only',
      monthlyBudgetUsd: 100,
      repoUrl: 'github.com?owner=acme&repo=journey-dev',
    };
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', auth)
      .send({ templateRef: 'template:default/agent-mesh-small', values });
    expect(created.status).toBe(201);

    // THEN the task completes
    let task: any;
    await waitFor(async () => {
      task = (await api(`/api/scaffolder/v2/tasks/${created.body.id}`)).body;
      return task.status === 'completed' || task.status === 'failed';
    });
    const events = (
      await api(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
    ).body as {
      body: { message?: string };
    }[];
    const log = events
      .map(e => e.body.message)
      .filter(Boolean)
      .join('\n');
    expect({ status: task.status, log }).toEqual({
      status: 'completed',
      log: expect.any(String),
    });
    expect(log).toContain(
      'Skipping step publish-github because its if condition was false',
    );
    expect(log).not.toContain(
      'Skipping step publish-local because its if condition was false',
    );
    expect(log).toContain('Synthesized agent-mesh-journey-dev');
    expect(log).toContain('Created mesh journey-dev in the embedded AWS');
    expect(localAwsRequests).toEqual([
      expect.stringMatching(
        /^POST \/_local\/meshes \{"meshId":"journey-dev","tier":"small"/,
      ),
    ]);
    // With the ref of the System it registers, which the emulator tags the mesh's state machines with.
    expect(
      JSON.parse(localAwsRequests[0].slice('POST /_local/meshes '.length)),
    ).toMatchObject({ entityRef: 'system:default/journey-dev' });

    // AND the repository is a git repository with the rendered files
    const dir = path.join(repos.path, 'journey-dev');
    const [commit] = await git.log({ fs, dir });
    expect(commit.commit.message).toBe(
      'Create the small agent mesh journey-dev\n',
    );
    expect(
      JSON.parse(fs.readFileSync(path.join(dir, 'mesh.config.json'), 'utf8'))
        .meshId,
    ).toBe('journey-dev');

    // AND the mesh and its agents are in the catalog
    let system: request.Response | undefined;
    await waitFor(async () => {
      system = await api(
        '/api/catalog/entities/by-name/system/default/journey-dev',
      );
      return system.status === 200;
    });
    expect(system!.body.metadata.annotations).toMatchObject({
      'agent-mesh.io/mesh-id': 'journey-dev',
      'agent-mesh.io/tier': 'small',
      'agent-mesh.io/aws-account': '111111111111',
      'backstage.io/managed-by-location': `url:file://${dir}/catalog-info.yaml`,
    });
    await waitFor(
      async () =>
        (
          await api(
            '/api/catalog/entities/by-name/component/default/journey-dev-lambda-expert',
          )
        ).status === 200,
    );
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}
