import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
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

  it('starts the first secret rotation only after pgvector is enabled and checked', () => {
    // THEN the rotation schedule depends on both custom resources, so no rotation races the Data API calls
    const [[, schedule]] = Object.entries(
      template.findResources('AWS::SecretsManager::RotationSchedule'),
    );
    const customIds = Object.keys(template.findResources('Custom::AWS'));
    expect(customIds).toHaveLength(2);
    expect(schedule.DependsOn).toEqual(expect.arrayContaining(customIds));
    // AND neither custom resource waits for the rotation (no cycle)
    for (const r of Object.values(template.findResources('Custom::AWS'))) {
      expect(JSON.stringify(r.DependsOn ?? [])).not.toMatch(/Rotation/);
    }
  });
});

describe('AgentMlFeatures.grantDataAccess', () => {
  // GIVEN ML features and a lane's task role
  const stack = new Stack(new App(), 'S');
  const ml = new AgentMlFeatures(stack, 'Ml', { meshId: 'search' });
  const role = new iam.Role(stack, 'LaneRole', {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
  });
  // WHEN the lane is granted data access
  ml.grantDataAccess(role);
  const template = Template.fromStack(stack);

  it('allows the Data API on this cluster and reading this cluster secret only', () => {
    // THEN the role's policy has exactly two statements, scoped to the cluster and its secret
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^LaneRole') }] },
    });
    const statements = Object.values(policies).flatMap(
      p => p.Properties.PolicyDocument.Statement,
    );
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: [
          'rds-data:ExecuteStatement',
          'rds-data:BatchExecuteStatement',
          'rds-data:BeginTransaction',
          'rds-data:CommitTransaction',
          'rds-data:RollbackTransaction',
        ],
        Resource: expect.anything(),
      },
      {
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: { Ref: expect.stringMatching(/^MlDatabaseSecretAttachment/) },
      },
    ]);
    expect(JSON.stringify(statements[0].Resource)).toContain('MlDatabase');
    expect(JSON.stringify(statements)).not.toContain('"*"');
  });

  it('hands the lane the cluster ARN, secret ARN, database name and endpoint', () => {
    // THEN the environment resolves to the cluster's own attributes
    const env = stack.resolve(ml.taskEnvironment);
    expect(Object.keys(env).sort()).toEqual([
      'ML_DB_CLUSTER_ARN',
      'ML_DB_ENDPOINT',
      'ML_DB_NAME',
      'ML_DB_SECRET_ARN',
    ]);
    expect(env.ML_DB_NAME).toBe('agentmesh');
    expect(JSON.stringify(env.ML_DB_ENDPOINT)).toContain('Endpoint.Address');
  });
});
