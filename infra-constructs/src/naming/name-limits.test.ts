import {
  AGENT_NAME_PATTERN,
  AWS_NAME_LIMITS,
  MESH_ID_PATTERN,
  TIERS,
} from '@agent-mesh/mesh-model';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthTier } from '../testing/synth';
import { CORE_AGENTS } from './task-families';

/** The physical-name properties of each resource type a mesh names explicitly, with the AWS limit of each. */
const NAME_LIMITS: Record<string, Record<string, number>> = {
  'AWS::Events::Archive': { ArchiveName: AWS_NAME_LIMITS.eventArchive },
  'AWS::Events::Rule': { Name: AWS_NAME_LIMITS.eventRule },
  'AWS::Events::EventBus': { Name: AWS_NAME_LIMITS.eventBus },
  'AWS::IAM::Role': { RoleName: AWS_NAME_LIMITS.iamRole },
  'AWS::IAM::Policy': { PolicyName: 128 },
  'AWS::Lambda::Function': { FunctionName: AWS_NAME_LIMITS.lambdaFunction },
  'AWS::SQS::Queue': { QueueName: AWS_NAME_LIMITS.sqsQueue },
  'AWS::StepFunctions::StateMachine': {
    StateMachineName: AWS_NAME_LIMITS.stateMachine,
  },
  'AWS::Logs::LogGroup': { LogGroupName: AWS_NAME_LIMITS.logGroup },
  'AWS::CloudWatch::Alarm': { AlarmName: AWS_NAME_LIMITS.alarm },
  'AWS::ECS::TaskDefinition': { Family: AWS_NAME_LIMITS.taskDefinitionFamily },
  'AWS::ECS::Cluster': { ClusterName: AWS_NAME_LIMITS.ecsCluster },
  'AWS::DynamoDB::Table': { TableName: AWS_NAME_LIMITS.dynamodbTable },
  'AWS::SecretsManager::Secret': { Name: AWS_NAME_LIMITS.secret },
  'AWS::SNS::Topic': { TopicName: AWS_NAME_LIMITS.snsTopic },
  'AWS::ECR::Repository': { RepositoryName: AWS_NAME_LIMITS.ecrRepository },
  'AWS::CloudWatch::Dashboard': { DashboardName: AWS_NAME_LIMITS.dashboard },
  'AWS::S3::Bucket': { BucketName: AWS_NAME_LIMITS.s3Bucket },
  'AWS::RDS::DBCluster': {
    DBClusterIdentifier: 63,
    DatabaseName: 63,
    DBClusterParameterGroupName: 255,
  },
  'AWS::RDS::DBInstance': { DBInstanceIdentifier: 63 },
  'AWS::KMS::Alias': { AliasName: 256 },
};

/** Name-like properties that name no resource (an alarm's metric). */
const NOT_NAMES = ['MetricName'];

/** The longest mesh id MESH_ID_PATTERN accepts. */
const LONGEST_MESH_ID = `payments-reconciliation-eu-dev1${'x'.repeat(
  32,
)}`.slice(0, 32);

/** The specialized agents the tier templates offer (the longest is cloudfront-expert). */
function templateAgents(): string[] {
  const file = path.resolve(__dirname, '../../../templates/small.yaml');
  const match = /specialistAgents:[\s\S]*?enum: \[([^\]]+)\]/.exec(
    fs.readFileSync(file, 'utf8'),
  );
  return match![1].split(',').map(a => a.trim());
}

/** Every explicit physical name of the template whose value is a plain string, with its limit. */
function physicalNames(resources: Record<string, any>) {
  return Object.entries(resources).flatMap(([id, r]) => {
    const limits = { ...(NAME_LIMITS[r.Type] ?? {}) };
    const names = Object.entries(r.Properties ?? {})
      .filter(
        ([key, value]) =>
          (key in limits ||
            (/Name$|^Family$/.test(key) && !NOT_NAMES.includes(key))) &&
          typeof value === 'string',
      )
      .map(([key, value]) => ({
        id,
        type: r.Type,
        key,
        name: value as string,
        limit: limits[key],
      }));
    const budgetName = r.Properties?.Budget?.BudgetName;
    if (r.Type === 'AWS::Budgets::Budget' && typeof budgetName === 'string') {
      names.push({
        id,
        type: r.Type,
        key: 'Budget.BudgetName',
        name: budgetName,
        limit: AWS_NAME_LIMITS.budget,
      });
    }
    return names;
  });
}

describe.each(TIERS)(
  'names of the %s tier for the longest inputs the validators accept',
  tier => {
    // GIVEN the longest mesh id and agent names the validators accept, and the templates' longest agents
    const agents = [...CORE_AGENTS, ...templateAgents(), `a${'b'.repeat(22)}c`];

    it('uses the longest mesh id and agent name the validators accept', () => {
      expect(MESH_ID_PATTERN.test(LONGEST_MESH_ID)).toBe(true);
      expect(LONGEST_MESH_ID).toHaveLength(32);
      expect(AGENT_NAME_PATTERN.test(agents[agents.length - 1])).toBe(true);
      expect(agents[agents.length - 1]).toHaveLength(24);
      expect(agents).toContain('cloudfront-expert');
    });

    it('synthesizes, and every explicit physical name fits its AWS limit', () => {
      // WHEN the tier synthesizes (CDK's own name checks throw here)
      const { template } = synthTier(tier, {
        meshId: LONGEST_MESH_ID,
        agents,
        environment: 'prod',
        alarmEmail: 'ops@example.com',
        ...(tier === 'small'
          ? {}
          : { integrations: ['stripe', 'supabase', 'vercel'] }),
      });
      const names = physicalNames(template.toJSON().Resources);

      // THEN every name-like property has a known limit and fits it
      expect(names.length).toBeGreaterThan(20);
      const unknown = names.filter(n => n.limit === undefined);
      expect(unknown.map(n => `${n.type}.${n.key}`)).toEqual([]);
      const tooLong = names
        .filter(n => n.name.length > n.limit!)
        .map(n => `${n.type}.${n.key} (${n.limit}): ${n.name}`);
      expect(tooLong).toEqual([]);
      // AND the names stay readable: each mesh-derived name keeps the `agent-mesh-<id>` prefix
      const derived = names.filter(n => n.name.includes('agent-mesh'));
      expect(derived.length).toBeGreaterThan(10);
      for (const n of derived) {
        expect(n.name).toMatch(/agent-mesh[-/]payments-reconciliation/);
      }
    });
  },
);
