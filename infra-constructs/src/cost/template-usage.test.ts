import {
  DEFAULT_RETAINED_IMAGES,
  countResourceTypes,
  usageFromTemplate,
} from './template-usage';

describe('usageFromTemplate', () => {
  it('counts resource types and bills interface endpoints per zone', () => {
    // GIVEN a template with two alarms, a NAT gateway, an interface endpoint in two zones and a gateway endpoint
    const template = {
      Resources: {
        A1: { Type: 'AWS::CloudWatch::Alarm' },
        A2: { Type: 'AWS::CloudWatch::Alarm' },
        Nat: { Type: 'AWS::EC2::NatGateway' },
        Ecr: {
          Type: 'AWS::EC2::VPCEndpoint',
          Properties: { VpcEndpointType: 'Interface', SubnetIds: ['a', 'b'] },
        },
        S3: {
          Type: 'AWS::EC2::VPCEndpoint',
          Properties: { VpcEndpointType: 'Gateway' },
        },
        Svc: { Type: 'AWS::ECS::Service', Properties: { DesiredCount: 2 } },
      },
    };
    // WHEN it is counted
    // THEN
    expect(countResourceTypes(template)).toEqual({
      'AWS::CloudWatch::Alarm': 2,
      'AWS::EC2::NatGateway': 1,
      'AWS::EC2::VPCEndpoint': 2,
      'AWS::ECS::Service': 1,
    });
    expect(usageFromTemplate(template)).toEqual({
      alarms: 2,
      secrets: 0,
      logGroups: 0,
      kmsKeys: 0,
      natGateways: 1,
      publicIpTasks: false,
      interfaceEndpointZones: 2,
      auroraInstances: 0,
      alwaysOnAgents: 2,
      retainedImages: 0,
    });
  });

  it('counts the images each ECR repository keeps from its lifecycle policy', () => {
    // GIVEN a repository keeping 20 images, one keeping 5, and one without a count rule
    const lifecycle = (rules: unknown[]) => ({
      LifecyclePolicy: { LifecyclePolicyText: JSON.stringify({ rules }) },
    });
    const template = {
      Resources: {
        Agents: {
          Type: 'AWS::ECR::Repository',
          Properties: lifecycle([
            {
              rulePriority: 1,
              selection: {
                tagStatus: 'any',
                countType: 'imageCountMoreThan',
                countNumber: 20,
              },
              action: { type: 'expire' },
            },
          ]),
        },
        Tools: {
          Type: 'AWS::ECR::Repository',
          Properties: lifecycle([
            {
              rulePriority: 1,
              selection: {
                tagStatus: 'any',
                countType: 'imageCountMoreThan',
                countNumber: 5,
              },
              action: { type: 'expire' },
            },
          ]),
        },
        Unbounded: { Type: 'AWS::ECR::Repository' },
      },
    };
    // WHEN it is counted THEN each bound is read, and an unbounded repository counts the default
    expect(usageFromTemplate(template).retainedImages).toBe(
      20 + 5 + DEFAULT_RETAINED_IMAGES,
    );
  });
});
