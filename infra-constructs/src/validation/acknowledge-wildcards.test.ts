import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EXAMPLE_PROPS, synthTier } from '../testing/synth';
import { awsSolutionsAcknowledgements } from '../testing/validation-report';
import {
  STAR_RESOURCE_ACTIONS,
  acknowledgeRoleWildcards,
  starResourceReason,
} from './acknowledge-wildcards';

function roleWith(statements: iam.PolicyStatement[]) {
  const app = new App();
  const stack = new Stack(app, 'S');
  const role = new iam.Role(stack, 'Role', {
    assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
  });
  statements.forEach(s => role.addToPrincipalPolicy(s));
  return { app, role };
}

const xray = new iam.PolicyStatement({
  actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
  resources: ['*'],
});

describe('acknowledging Resource::*', () => {
  it('names exactly the actions it covers', () => {
    // GIVEN a webhook role with X-Ray writes on "*"
    const { app, role } = roleWith([xray]);
    // WHEN its wildcards are acknowledged
    acknowledgeRoleWildcards(role, 'webhook');
    // THEN the finding is acknowledged by its exact id, and the reason lists the two actions
    expect(awsSolutionsAcknowledgements(app)).toEqual([
      [
        'AwsSolutions-IAM5[Resource::*]',
        expect.stringMatching(
          /^Only xray:PutTelemetryRecords, xray:PutTraceSegments on "\*": X-Ray/,
        ),
      ],
    ]);
  });

  it('stays open when one more action is on "*", so it cannot hide ecs:StopTask', () => {
    // GIVEN a webhook role that also holds ecs:StopTask on "*"
    const { app, role } = roleWith([
      xray,
      new iam.PolicyStatement({ actions: ['ecs:StopTask'], resources: ['*'] }),
    ]);
    // WHEN its wildcards are acknowledged
    acknowledgeRoleWildcards(role, 'webhook');
    // THEN nothing is acknowledged: cdk-nag fails the synth and someone must look
    expect(awsSolutionsAcknowledgements(app)).toEqual([]);
  });

  it('gives agent task roles no action on "*" at all', () => {
    const { app, role } = roleWith([xray]);
    acknowledgeRoleWildcards(role, 'agentTask');
    expect(awsSolutionsAcknowledgements(app)).toEqual([]);
  });

  it('builds the reason only from covered actions', () => {
    expect(
      starResourceReason(
        ['ecr:GetAuthorizationToken'],
        [STAR_RESOURCE_ACTIONS.ecrAuthorization],
      ),
    ).toMatch(/^Only ecr:GetAuthorizationToken on "\*": ECR's registry login/);
    expect(
      starResourceReason(
        ['ecr:GetAuthorizationToken', 'ecr:PutImage'],
        [STAR_RESOURCE_ACTIONS.ecrAuthorization],
      ),
    ).toBeUndefined();
    expect(
      starResourceReason([], [STAR_RESOURCE_ACTIONS.xray]),
    ).toBeUndefined();
  });
});

describe('the acknowledgements of a tier', () => {
  it('name every action on "*" in the reason of each Resource::* acknowledgement', () => {
    // GIVEN the medium tier WHEN its acknowledgements are read
    const { app } = synthTier('medium', EXAMPLE_PROPS.medium);
    const star = awsSolutionsAcknowledgements(app).filter(
      ([id]) => id === 'AwsSolutions-IAM5[Resource::*]',
    );
    // THEN each names its actions; the conductor's names ecs:StopTask and ecs:DescribeTasks explicitly
    expect(star.length).toBeGreaterThanOrEqual(4);
    for (const [, reason] of star) {
      expect(reason).toMatch(
        /^Only [a-z0-9-]+:[A-Za-z]+(, [a-z0-9-]+:[A-Za-z]+)* on "\*": /,
      );
    }
    expect(star.map(([, r]) => r)).toContainEqual(
      expect.stringMatching(/ecs:DescribeTasks, ecs:StopTask, logs:/),
    );
    expect(star.map(([, r]) => r)).toContainEqual(
      expect.stringMatching(/^Only ecr:GetAuthorizationToken on/),
    );
  });
});
