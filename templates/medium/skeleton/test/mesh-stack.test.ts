import {
  buildMeshApp,
  loadMeshConfig,
  taskFamily,
} from '@agent-mesh/infra-constructs';
import { meshResourceNames } from '@agent-mesh/plugin-agent-mesh-common';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const config = loadMeshConfig(path.join(__dirname, '..', 'mesh.config.json'));
const names = meshResourceNames(config.meshId);

function synth(overrides: Partial<typeof config> = {}) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-test-'));
  return buildMeshApp({ ...config, ...overrides }, { outdir });
}

describe(`the ${config.tier} mesh ${config.meshId}`, () => {
  // GIVEN the app built from mesh.config.json, WHEN it synthesizes (cdk-nag errors would throw here)
  const { app, stack } = synth();
  const assembly = app.synth();
  const template = Template.fromStack(stack);

  it('synthesizes the tier stack of mesh.config.json with zero unacknowledged cdk-nag errors', () => {
    expect(stack.stackName).toBe(`agent-mesh-${config.meshId}`);
    template.hasOutput('Tier', { Value: config.tier });
    template.hasOutput('MeshId', { Value: config.meshId });
    const reportFile = path.join(assembly.directory, 'validation-report.json');
    const violations = fs.existsSync(reportFile)
      ? (
          JSON.parse(fs.readFileSync(reportFile, 'utf8')) as {
            pluginReports: {
              violations: {
                severity: string;
                violatingConstructs: unknown[];
              }[];
            }[];
          }
        ).pluginReports
          .flatMap(r => r.violations)
          .filter(
            v => v.severity === 'error' && v.violatingConstructs.length > 0,
          )
      : [];
    expect(violations).toEqual([]);
  });

  it('names its workflow, table and bus after the mesh id', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: names.orchestrationStateMachine,
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: names.kvTable,
    });
    template.hasResourceProperties('AWS::Events::EventBus', {
      Name: names.eventBus,
    });
  });

  it('has a read_only task definition for every agent', () => {
    for (const agent of config.agents) {
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        Family: taskFamily(config.meshId, agent, 'read_only'),
      });
    }
  });

  it('tags its resources with the mesh and tier', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      Tags: Match.arrayWith([
        { Key: 'agent-mesh:mesh', Value: config.meshId },
        { Key: 'agent-mesh:tier', Value: config.tier },
      ]),
    });
  });

  it('refuses a configuration without the core agents, naming the prop', () => {
    expect(() => synth({ agents: ['conductor'] })).toThrow(
      /agents: must include the core agents/,
    );
  });

  it('names an invalid mesh id in the error', () => {
    expect(() => synth({ meshId: 'Bad_Mesh' })).toThrow(
      /meshId: "Bad_Mesh" is not a valid mesh id/,
    );
  });

  it('refuses to deploy with credentials of another account', () => {
    process.env.CDK_DEFAULT_ACCOUNT = '000000000000';
    try {
      expect(() => synth()).toThrow(
        /credentials in use are for account 000000000000/,
      );
    } finally {
      delete process.env.CDK_DEFAULT_ACCOUNT;
    }
  });
});
