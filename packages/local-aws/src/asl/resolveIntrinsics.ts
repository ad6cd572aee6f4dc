import { TemplateResource } from '@agent-mesh/infra-constructs';
import { createHash } from 'node:crypto';

/**
 * Where the resolved definition will run: the local account, region and partition that stand in for
 * the deploy-time values, plus exact values for chosen logical ids.
 */
export interface LocalAwsTarget {
  /** @defaultValue '000000000000' */
  readonly account?: string;
  /** @defaultValue 'us-east-1' */
  readonly region?: string;
  /** @defaultValue 'aws' */
  readonly partition?: string;
  /**
   * Values to use for `Ref` (key: logical id) or `Fn::GetAtt` (key: `logicalId.Attribute`).
   * @defaultValue derived from each resource's type and physical name
   */
  readonly overrides?: Readonly<Record<string, string>>;
}

const PHYSICAL_NAME_PROPERTY: Record<string, string> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::ECS::Cluster': 'ClusterName',
  'AWS::Events::EventBus': 'Name',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::ECS::TaskDefinition': 'Family',
};

/**
 * Resolves the CloudFormation intrinsics CDK writes into a state machine definition (`Ref`,
 * `Fn::GetAtt`, `Fn::Join`, `Fn::Select`) into local values, so the definition runs outside AWS. `resources`
 * are the template's resources by logical id; a reference's value derives from the resource's type and
 * physical name, as CloudFormation would make it.
 */
export class IntrinsicResolver {
  private readonly account: string;
  private readonly region: string;
  private readonly partition: string;

  constructor(
    private readonly resources: Readonly<Record<string, TemplateResource>>,
    private readonly target: LocalAwsTarget = {},
  ) {
    this.account = target.account ?? '000000000000';
    this.region = target.region ?? 'us-east-1';
    this.partition = target.partition ?? 'aws';
  }

  /** `value` with every intrinsic in it replaced by its local value. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(v => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (
      keys.length === 1 &&
      (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))
    ) {
      return this.intrinsic(keys[0], obj[keys[0]]);
    }
    return Object.fromEntries(keys.map(k => [k, this.resolve(obj[k])]));
  }

  private intrinsic(name: string, arg: unknown): unknown {
    switch (name) {
      case 'Ref':
        return this.ref(String(arg));
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg)
          ? arg
          : String(arg).split('.');
        return this.getAtt(String(id), String(attribute));
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return (this.resolve(parts) as unknown[]).join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [number, unknown];
        return (this.resolve(list) as unknown[])[Number(this.resolve(index))];
      }
      default:
        throw new Error(
          `Cannot resolve ${name} locally in a state machine definition`,
        );
    }
  }

  private ref(id: string): string {
    const pseudo: Record<string, string> = {
      'AWS::Partition': this.partition,
      'AWS::Region': this.region,
      'AWS::AccountId': this.account,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': 'local',
      'AWS::NoValue': '',
    };
    if (id in pseudo) return pseudo[id];
    const override = this.target.overrides?.[id];
    if (override !== undefined) return override;
    const resource = this.resource(id);
    const name = this.physicalName(id, resource);
    switch (resource.Type) {
      case 'AWS::ECS::TaskDefinition':
        return this.arn('ecs', `task-definition/${name}:1`);
      case 'AWS::SQS::Queue':
        return `https://sqs.${this.region}.amazonaws.com/${this.account}/${name}`;
      case 'AWS::SNS::Topic':
      case 'AWS::StepFunctions::StateMachine':
        return this.getAtt(id, 'Arn');
      case 'AWS::EC2::Subnet':
        return `subnet-${this.hash(id)}`;
      case 'AWS::EC2::SecurityGroup':
        return `sg-${this.hash(id)}`;
      default:
        return name;
    }
  }

  private getAtt(id: string, attribute: string): string {
    const override = this.target.overrides?.[`${id}.${attribute}`];
    if (override !== undefined) return override;
    const resource = this.resource(id);
    const name = this.physicalName(id, resource);
    if (attribute === 'GroupId') return `sg-${this.hash(id)}`;
    if (attribute === 'QueueName' || attribute === 'Name') return name;
    if (attribute === 'QueueUrl') return this.ref(id);
    if (attribute !== 'Arn') return `${name}-${attribute}`;
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table':
        return this.arn('dynamodb', `table/${name}`);
      case 'AWS::SQS::Queue':
        return this.arn('sqs', name);
      case 'AWS::Events::EventBus':
        return this.arn('events', `event-bus/${name}`);
      case 'AWS::ECS::Cluster':
        return this.arn('ecs', `cluster/${name}`);
      case 'AWS::IAM::Role':
        return `arn:${this.partition}:iam::${this.account}:role/${name}`;
      case 'AWS::StepFunctions::StateMachine':
        return this.arn('states', `stateMachine:${name}`);
      case 'AWS::Lambda::Function':
        return this.arn('lambda', `function:${name}`);
      case 'AWS::SNS::Topic':
        return this.arn('sns', name);
      case 'AWS::S3::Bucket':
        return `arn:${this.partition}:s3:::${name}`;
      default:
        return this.arn(resource.Type.split('::')[1].toLowerCase(), name);
    }
  }

  private resource(id: string): TemplateResource {
    const resource = this.resources[id];
    if (!resource) throw new Error(`The template has no resource ${id}`);
    return resource;
  }

  private physicalName(id: string, resource: TemplateResource): string {
    const property = PHYSICAL_NAME_PROPERTY[resource.Type];
    const value = property ? resource.Properties?.[property] : undefined;
    return typeof value === 'string' ? value : id.toLowerCase();
  }

  private arn(service: string, resource: string): string {
    return `arn:${this.partition}:${service}:${this.region}:${this.account}:${resource}`;
  }

  private hash(id: string): string {
    return createHash('sha256').update(id).digest('hex').slice(0, 17);
  }
}
