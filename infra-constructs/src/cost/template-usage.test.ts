import { countResourceTypes, usageFromTemplate } from './template-usage';

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
    });
  });
});
