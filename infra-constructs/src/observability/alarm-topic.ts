import { meshResourceNames } from '@agent-mesh/mesh-model';
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { checkEmail, checkMeshId } from '../validation/mesh-rules';
import { PropsErrors } from '../validation/props-errors';

/**
 * Props of {@link MeshAlarmTopic}.
 *
 * @public
 */
export interface MeshAlarmTopicProps {
  /** The mesh id; the topic is named `agent-mesh-<meshId>-alarms`. */
  readonly meshId: string;
  /**
   * An e-mail address subscribed to the topic.
   * @default no subscriber
   */
  readonly email?: string;
}

/**
 * The SNS topic a mesh's alarms and budget notify (pass `topic` as `AgentObservability`'s `alarmTopic`):
 * encrypted with its own KMS key, because CloudWatch and Budgets cannot publish under the AWS-managed SNS key,
 * TLS only, and open to AWS Budgets of this account.
 *
 * @public
 */
export class MeshAlarmTopic extends Construct {
  /** The topic. */
  public readonly topic: sns.ITopic;
  /** The key the topic is encrypted with. */
  public readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: MeshAlarmTopicProps) {
    super(scope, id);
    const errors = new PropsErrors('MeshAlarmTopic');
    checkMeshId(errors, 'meshId', props.meshId);
    checkEmail(errors, 'email', props.email);
    errors.throwIfAny();

    const prefix = meshResourceNames(props.meshId).prefix;
    const key = new kms.Key(this, 'Key', {
      enableKeyRotation: true,
      description: `Encrypts the ${prefix} alarm topic`,
    });
    for (const service of [
      'cloudwatch.amazonaws.com',
      'budgets.amazonaws.com',
    ]) {
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          principals: [new iam.ServicePrincipal(service)],
          resources: ['*'],
        }),
      );
    }
    // Control Tower CT.KMS.PR.3: only AWS services may create grants on the key, for AWS resources.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: ['kms:CreateGrant'],
        principals: [new iam.AnyPrincipal()],
        resources: ['*'],
        conditions: {
          BoolIfExists: {
            'kms:GrantIsForAWSResource': 'false',
            'aws:PrincipalIsAWSService': 'false',
          },
        },
      }),
    );
    const topic = new sns.Topic(this, 'Topic', {
      topicName: `${prefix}-alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['sns:Publish'],
        principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        },
      }),
    );
    if (props.email) {
      topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    }
    this.key = key;
    this.topic = topic;
  }
}
