import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AgentMlFeatures, ML_DATABASE_PORT } from './agent-ml-features';

describe('AgentMlFeatures', () => {
  // GIVEN an existing VPC and a client security group WHEN ML features are added
  const stack = new Stack(new App(), 'S');
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 1 });
  const agents = new ec2.SecurityGroup(stack, 'Agents', { vpc });
  const ml = new AgentMlFeatures(stack, 'Ml', {
    meshId: 'search',
    vpc,
    clients: [agents],
  });
  const template = Template.fromStack(stack);

  it('creates an encrypted Aurora Serverless v2 PostgreSQL cluster with the Data API', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      DBClusterIdentifier: 'agent-mesh-search-ml',
      StorageEncrypted: true,
      EnableHttpEndpoint: true,
      EnableIAMDatabaseAuthentication: true,
      Port: ML_DATABASE_PORT,
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 },
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.serverless',
      PubliclyAccessible: false,
    });
  });

  it('keeps credentials in Secrets Manager with rotation', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'agent-mesh/search/ml-database',
    });
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
  });

  it('enables pgvector through the Data API, then reads its version back', () => {
    const calls = Object.values(template.findResources('Custom::AWS')).map(r =>
      JSON.stringify(r.Properties),
    );
    expect(
      calls.find(c => c.includes('CREATE EXTENSION IF NOT EXISTS vector')),
    ).toContain('\\"action\\":\\"ExecuteStatement\\"');
    const readBack = calls.find(c =>
      c.includes(
        "SELECT extversion FROM pg_extension WHERE extname = 'vector'",
      ),
    );
    expect(readBack).toContain('\\"action\\":\\"ExecuteStatement\\"');
    expect(readBack).toContain('records.0.0.stringValue');
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'rds-data:ExecuteStatement' }),
        ]),
      },
    });
    // AND the version the deploy reads back is what the construct reports
    expect(stack.resolve(ml.pgvectorVersion)).toEqual({
      'Fn::GetAtt': [
        expect.stringMatching(/^MlCheckPgvector/),
        'records.0.0.stringValue',
      ],
    });
  });

  it('lets only the agents connect', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: {
        'Fn::GetAtt': [Match.stringLikeRegexp('^MlDatabase'), 'Endpoint.Port'],
      },
      SourceSecurityGroupId: {
        'Fn::GetAtt': [Match.stringLikeRegexp('^Agents'), 'GroupId'],
      },
    });
  });

  it('refuses a maximum below the minimum', () => {
    expect(
      () =>
        new AgentMlFeatures(new Stack(new App(), 'X'), 'Ml', {
          meshId: 'search',
          minCapacity: 4,
          maxCapacity: 1,
        }),
    ).toThrow(/maxCapacity: must be at least minCapacity \(4\)/);
  });
});
