import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as synthesis from '../mesh/synthesizeMesh';
import { meshConfigJson } from '../__testUtils__/meshConfigFixtures';
import { createSynthMeshAction } from './synthMesh';

jest.mock('../mesh/synthesizeMesh', () => {
  const actual = jest.requireActual('../mesh/synthesizeMesh');
  return { ...actual, synthesizeMesh: jest.fn(actual.synthesizeMesh) };
});
const actual: typeof synthesis = jest.requireActual('../mesh/synthesizeMesh');
const synthesizeMesh = synthesis.synthesizeMesh as jest.MockedFunction<
  typeof synthesis.synthesizeMesh
>;

jest.setTimeout(60_000);

describe('agent-mesh:cdk:synth', () => {
  const workspace = createMockDirectory();
  const temp = createMockDirectory();
  const action = createSynthMeshAction();

  function context(config: string) {
    workspace.setContent({ 'mesh.config.json': config });
    return createMockActionContext({
      workspacePath: workspace.path,
      createTemporaryDirectory: async () => temp.path,
    });
  }

  function outputs(ctx: ReturnType<typeof context>) {
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
  }

  it('synthesizes the tier with cdk-nag and outputs resource counts and nag results', async () => {
    const ctx = context(meshConfigJson('small'));
    await action.handler(ctx as any);
    const out = outputs(ctx);
    expect(out.stackName).toBe('agent-mesh-small-test');
    expect(out.resourceCounts['AWS::StepFunctions::StateMachine']).toBe(2);
    expect(out.resourceCounts['AWS::DynamoDB::Table']).toBe(1);
    // four agents, two lanes each, plus the plan and review step task definitions
    expect(out.resourceCounts['AWS::ECS::TaskDefinition']).toBe(10);
    expect(out.resourceCount).toBe(
      Object.values(out.resourceCounts as Record<string, number>).reduce(
        (a, b) => a + b,
        0,
      ),
    );
    expect(out.nagErrors).toBe(0);
    expect(out.nagFindings).toEqual([]);
    expect(out.nagAcknowledged).toBeGreaterThan(10);
    expect(out.markdown).toContain('| AWS::StepFunctions::StateMachine | 2 |');
  });

  it("fails with the construct's own error on bad configuration", async () => {
    const ctx = context(meshConfigJson('medium', { agents: [] }));
    await expect(action.handler(ctx as any)).rejects.toThrow(
      'Invalid medium mesh props:\n  - agents: must list at least one agent',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('outputs the cdk-nag findings, then fails, when a nag error is not acknowledged', async () => {
    // GIVEN a stack with an unencrypted queue without a dead-letter queue added to it
    synthesizeMesh.mockImplementationOnce((config, outdir) =>
      actual.synthesizeMesh(config, outdir, stack => {
        stack.node.addMetadata(
          'naked-queue',
          new sqs.Queue(stack, 'NakedQueue', {
            encryption: sqs.QueueEncryption.UNENCRYPTED,
          }).queueName,
        );
      }),
    );
    const ctx = context(meshConfigJson('small'));

    // WHEN it is synthesized, THEN the task fails naming the synthesis failure
    await expect(action.handler(ctx as any)).rejects.toThrow(
      /Synthesis of agent-mesh-small-test failed/,
    );
    // AND the findings were output first
    const out = outputs(ctx);
    expect(out.nagErrors).toBeGreaterThan(0);
    const rules = (
      out.nagFindings as { rule: string; constructs: string[] }[]
    ).map(f => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-SQS3']));
    expect(JSON.stringify(out.nagFindings)).toContain('NakedQueue');
    expect(out.markdown).toContain('| AwsSolutions-SQS3 | error |');
  });
});
