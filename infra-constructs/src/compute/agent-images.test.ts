import { TIERS } from '@agent-mesh/mesh-model';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { AgentBus } from '../bus/agent-bus';
import { EXAMPLE_PROPS, synthTier } from '../testing/synth';
import { meshFixture } from '../testing/mesh-fixture';
import { AgentCompute, AgentComputeProps } from './agent-compute';

type Resources = Record<string, { Type: string; Properties?: any }>;

/** The image of every container definition of the template. */
function containerImages(resources: Resources): unknown[] {
  return Object.values(resources)
    .filter(r => r.Type === 'AWS::ECS::TaskDefinition')
    .flatMap(r => r.Properties.ContainerDefinitions.map((c: any) => c.Image));
}

/** `<account>.dkr.ecr.<region>.<url suffix>/<repository>:<tag>` of the template's one ECR repository. */
function isFromMeshRepository(image: unknown, repositoryId: string): boolean {
  const json = JSON.stringify(image);
  return (
    json.includes('.dkr.ecr.') &&
    json.includes(`{"Ref":"${repositoryId}"}`) &&
    !/"[a-z0-9-]+\/[a-z0-9-]+:[a-z0-9.-]+"/.test(json)
  );
}

describe.each(TIERS)('agent images of the %s tier', tier => {
  // GIVEN the tier as a generated repository builds it (no image passed)
  const { template } = synthTier(tier, EXAMPLE_PROPS[tier]);
  const resources = template.toJSON().Resources as Resources;
  const repositories = Object.entries(resources).filter(
    ([, r]) => r.Type === 'AWS::ECR::Repository',
  );

  it("run only images of the mesh's own ECR repository, never a Docker Hub name", () => {
    // THEN the mesh has exactly one repository, and every container image is in it
    expect(repositories).toHaveLength(1);
    const [repositoryId] = repositories[0];
    const images = containerImages(resources);
    expect(images.length).toBeGreaterThan(5);
    const foreign = images.filter(i => !isFromMeshRepository(i, repositoryId));
    expect(foreign).toEqual([]);
    // AND nowhere in the template is a bare registry name such as agent-mesh/agent:latest
    expect(JSON.stringify(resources)).not.toMatch(/agent-mesh\/agent:latest/);
    expect(JSON.stringify(images)).toContain(':v1');
  });

  it('keep the repository scanned, immutable, encrypted and pruned', () => {
    template.hasResourceProperties('AWS::ECR::Repository', {
      RepositoryName: `agent-mesh/${EXAMPLE_PROPS[tier].meshId}/agent`,
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: 'IMMUTABLE',
      EncryptionConfiguration: { EncryptionType: 'KMS' },
      LifecyclePolicy: {
        LifecyclePolicyText: Match.stringLikeRegexp('"countNumber":20'),
      },
    });
  });

  it('let the execution role pull from that repository only', () => {
    const [repositoryId] = repositories[0];
    const executionPolicies = Object.entries(resources).filter(
      ([id, r]) =>
        r.Type === 'AWS::IAM::Policy' && /^ComputeExecutionRole/.test(id),
    );
    expect(executionPolicies).toHaveLength(1);
    const statements = executionPolicies[0][1].Properties.PolicyDocument
      .Statement as any[];
    const ecrStatements = statements.filter(s =>
      [s.Action].flat().some((a: string) => a.startsWith('ecr:')),
    );
    // the registry login takes no resource and alone is on "*"; the pulls name the repository, nothing else
    expect(ecrStatements).toHaveLength(2);
    expect(
      ecrStatements.map(s => ({
        actions: [s.Action].flat(),
        resource: s.Resource,
      })),
    ).toEqual(
      expect.arrayContaining([
        { actions: ['ecr:GetAuthorizationToken'], resource: '*' },
        {
          actions: [
            'ecr:BatchCheckLayerAvailability',
            'ecr:GetDownloadUrlForLayer',
            'ecr:BatchGetImage',
          ],
          resource: { 'Fn::GetAtt': [repositoryId, 'Arn'] },
        },
      ]),
    );
  });
});

/** Compute for the three core agents of mesh `demo` in a stack of its own, with `props` on top. */
function coreCompute(props: Partial<AgentComputeProps>) {
  const stack = new Stack(new App(), 'S');
  const bus = new AgentBus(stack, 'Bus', { meshId: 'demo' });
  return new AgentCompute(stack, 'Compute', {
    meshId: 'demo',
    bus,
    agents: ['conductor', 'critic', 'sweeper'],
    ...props,
  });
}

describe('the image tag', () => {
  it('is the configured tag of the mesh repository', () => {
    // GIVEN compute with the tag v2.3.1 WHEN synthesized THEN containers run that tag
    const { stack } = meshFixture({ compute: { imageTag: 'v2.3.1' } });
    expect(
      JSON.stringify(
        containerImages(Template.fromStack(stack).toJSON().Resources),
      ),
    ).toContain(':v2.3.1');
  });

  it('refuses latest and tags ECR does not take, saying why', () => {
    // GIVEN a bus WHEN compute is given "latest" or a bad tag THEN it throws naming the rule
    for (const imageTag of ['latest', '-v1', 'v1/x', '']) {
      expect(() => coreCompute({ imageTag })).toThrow(
        /imageTag: .* not "latest" \(tags are immutable/,
      );
    }
  });

  it('does not apply to an explicitly passed image', () => {
    const image = ecs.ContainerImage.fromRegistry(
      '111111111111.dkr.ecr.eu-west-1.amazonaws.com/agents:v1',
    );
    expect(() => coreCompute({ image, imageTag: 'v2' })).toThrow(
      /imageTag: only applies to the mesh's repository/,
    );
  });
});
