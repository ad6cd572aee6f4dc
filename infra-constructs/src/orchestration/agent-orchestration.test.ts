import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AgentBus } from '../bus/agent-bus';
import { AgentCompute } from '../compute/agent-compute';
import { AgentOrchestration } from './agent-orchestration';

describe('AgentOrchestration', () => {
  // GIVEN a bus and compute WHEN the orchestration is added
  const stack = new Stack(new App(), 'S');
  const bus = new AgentBus(stack, 'Bus', { meshId: 'demo' });
  const compute = new AgentCompute(stack, 'Compute', {
    meshId: 'demo',
    bus,
    agents: ['conductor', 'critic', 'sweeper', 'indexer'],
  });
  new AgentOrchestration(stack, 'Orchestration', {
    meshId: 'demo',
    bus,
    compute,
    initialLanes: { indexer: 'dry_run' },
  });
  const template = Template.fromStack(stack);

  it('creates the conductor state machine with tracing and logging, without execution data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'agent-mesh-demo-orchestration',
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({
        Level: 'ALL',
        IncludeExecutionData: false,
      }),
    });
  });

  it('schedules the sweeper state machine', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'agent-mesh-demo-sweeper',
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'agent-mesh-demo-sweeper-schedule',
      ScheduleExpression: 'rate(6 hours)',
      Targets: [
        Match.objectLike({
          Input: '{"agent":"sweeper","task":{"kind":"sweep"}}',
        }),
      ],
    });
  });

  it("lets the workflow start only this mesh's task families on its cluster", () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'ecs:RunTask',
            Condition: { ArnEquals: { 'ecs:cluster': Match.anyValue() } },
            Resource: Match.arrayWith([
              {
                'Fn::Join': [
                  '',
                  Match.arrayWith([
                    Match.stringLikeRegexp(
                      ':task-definition/agent-mesh-demo-indexer-execute:\\*$',
                    ),
                  ]),
                ],
              },
            ]),
          }),
        ]),
      },
    });
  });

  it("seeds each agent's lane item only if absent", () => {
    const seeds = template.findResources('Custom::AWS');
    const creates = Object.values(seeds).map(r =>
      JSON.stringify(r.Properties.Create),
    );
    expect(creates).toHaveLength(4);
    const indexer = creates.find(c => c.includes('agent#indexer'))!;
    expect(indexer).toContain('\\"lane\\":{\\"S\\":\\"dry_run\\"}');
    expect(indexer).toContain('attribute_not_exists(pk)');
    expect(creates.find(c => c.includes('agent#critic'))).toContain(
      '\\"S\\":\\"read_only\\"',
    );
  });
});
