import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import agentMeshModule from '@agent-mesh/plugin-scaffolder-backend-module-agent-mesh';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import agentMeshLocalFeature from './index';

jest.setTimeout(60_000);

const TEMPLATES_DIR = path.resolve(__dirname, '../../../templates');

/** Dry-runs the small template's publishing steps with this module installed and the given config. */
async function publishingLog(config: object): Promise<string[]> {
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      githubModule,
      agentMeshModule,
      agentMeshLocalFeature,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  const template = yaml.parse(
    fs.readFileSync(path.join(TEMPLATES_DIR, 'small.yaml'), 'utf8'),
  );
  // Only the publishing steps: they read nothing from the workspace in a dry run.
  template.spec.steps = template.spec.steps.filter((s: { id: string }) =>
    s.id.startsWith('publish-'),
  );
  const res = await request(server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', mockCredentials.user.header())
    .send({
      template,
      values: {
        meshName: 'local-dev',
        owner: 'group:default/platform-team',
        environment: 'dev',
        awsAccountId: '111111111111',
        region: 'eu-west-1',
        initialLane: 'read_only',
        monthlyBudgetUsd: 100,
        repoUrl: 'github.com?owner=acme&repo=local-dev',
      },
      directoryContents: [],
    });
  expect(res.body.errors ?? res.body.error).toBeUndefined();
  return (res.body.log as { body: { message: string } }[]).map(
    l => l.body.message,
  );
}

describe('the local module', () => {
  it('makes the templates publish locally when local publishing is enabled', async () => {
    const log = await publishingLog({
      agentMeshScaffolder: { localPublish: { enabled: true } },
    });
    expect(log).toContain(
      'Skipping because agent-mesh:publish:local does not support dry-run',
    );
    expect(log).toContain(
      'Skipping step publish-github because its if condition was false',
    );
  });

  it('leaves them on GitHub when it is installed but local publishing is off', async () => {
    const log = await publishingLog({});
    expect(log).toContain(
      'Skipping step publish-local because its if condition was false',
    );
    expect(log).toContain(
      'Skipping because publish:github does not support dry-run',
    );
  });
});
