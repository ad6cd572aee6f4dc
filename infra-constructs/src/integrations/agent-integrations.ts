import { meshResourceNames } from '@agent-mesh/mesh-model';
import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { pascalCase } from '../naming/pascal-case';
import {
  MeshEnvironment,
  createMeshLogGroup,
} from '../observability/log-retention';
import { checkMeshId } from '../validation/mesh-rules';
import { acknowledgeRoleWildcards } from '../validation/acknowledge-wildcards';
import { PropsErrors } from '../validation/props-errors';
import { webhookHandlersPath } from './handlers-path';

/** The webhook providers supported. @public */
export const INTEGRATION_PROVIDERS = ['stripe', 'supabase', 'vercel'] as const;

/** @public */
export type IntegrationProvider = (typeof INTEGRATION_PROVIDERS)[number];

/**
 * Props of {@link AgentIntegrations}.
 *
 * @public
 */
export interface AgentIntegrationsProps {
  /** The mesh id. */
  readonly meshId: string;
  /** The bus verified events are put on. */
  readonly eventBus: events.IEventBus;
  /** The providers to receive webhooks from; each gets a function URL, a handler and a secret. */
  readonly providers: readonly IntegrationProvider[];
  /**
   * The environment; decides log retention.
   * @default 'dev'
   */
  readonly environment?: MeshEnvironment;
  /**
   * Reserved concurrency of each provider's webhook function: a flood of (even unsigned) requests can use at most
   * this many concurrent executions, so it cannot starve the account's other functions, and the signature checks'
   * secret reads stay bounded.
   * @default 10
   */
  readonly reservedConcurrency?: number;
  /**
   * How long an accepted delivery's event key is kept (the de-duplication table's `expiresAt` TTL); a replay or a
   * provider's retry within it is acknowledged and not forwarded again. Longer than Stripe's 3 days of retries.
   * @default Duration.days(7)
   */
  readonly replayWindow?: Duration;
  /**
   * How long a handler uses the signing secret it read before reading it again, so a rolled secret is picked up
   * without a cold start (a signature mismatch also re-reads it once).
   * @default Duration.minutes(5)
   */
  readonly secretCacheTtl?: Duration;
}

/**
 * Webhook endpoints for Stripe, Supabase and Vercel. Each request's signature is checked against
 * the provider's secret (kept in Secrets Manager) before anything is put on the bus; a request that
 * fails the check gets a 401 and never reaches the bus. Stripe and Supabase auth hooks are HMAC-signed with a
 * timestamp checked against a 5-minute tolerance; Vercel signs no timestamp; Supabase database webhooks are not
 * signed and carry `Authorization: Bearer <secret>` from their configured HTTP headers. Every accepted delivery's
 * event id (or body hash) is claimed in a de-duplication table with a conditional write, so a replay within
 * `replayWindow` is acknowledged without reaching the bus.
 *
 * @public
 */
export class AgentIntegrations extends Construct {
  /** The handler functions by provider. */
  public readonly functions: Partial<
    Record<IntegrationProvider, lambda.IFunction>
  > = {};
  /** The function URLs to configure in each provider's dashboard. */
  public readonly urls: Partial<
    Record<IntegrationProvider, lambda.IFunctionUrl>
  > = {};
  /** The de-duplication table of accepted deliveries (key `eventKey`, TTL attribute `expiresAt`). */
  public readonly eventsTable: dynamodb.ITable;
  /** The signing secrets by provider; paste the provider's secret into each. */
  public readonly secrets: Partial<
    Record<IntegrationProvider, secretsmanager.ISecret>
  > = {};

  constructor(scope: Construct, id: string, props: AgentIntegrationsProps) {
    super(scope, id);
    const errors = new PropsErrors('AgentIntegrations');
    checkMeshId(errors, 'meshId', props.meshId);
    errors.check(
      props.providers.length > 0,
      'providers',
      `must list at least one of ${INTEGRATION_PROVIDERS.join(', ')}`,
    );
    for (const provider of props.providers) {
      errors.check(
        (INTEGRATION_PROVIDERS as readonly string[]).includes(provider),
        'providers',
        `unknown provider "${provider}"; supported are ${INTEGRATION_PROVIDERS.join(
          ', ',
        )}`,
      );
    }
    const reservedConcurrency = props.reservedConcurrency ?? 10;
    errors.check(
      Number.isInteger(reservedConcurrency) && reservedConcurrency >= 1,
      'reservedConcurrency',
      `must be a whole number of at least 1, got ${reservedConcurrency}`,
    );
    const replayWindow = props.replayWindow ?? Duration.days(7);
    errors.check(
      replayWindow.toSeconds() >= 600,
      'replayWindow',
      'must be at least 10 minutes, longer than the 5-minute signature timestamp tolerance',
    );
    const secretCacheTtl = props.secretCacheTtl ?? Duration.minutes(5);
    errors.check(
      secretCacheTtl.toSeconds() >= 1 && secretCacheTtl.toSeconds() <= 3600,
      'secretCacheTtl',
      'must be between 1 second and 1 hour',
    );
    errors.throwIfAny();

    const names = meshResourceNames(props.meshId);
    const environment = props.environment ?? 'dev';
    const code = lambda.Code.fromAsset(webhookHandlersPath(), {
      exclude: ['*.d.ts', '*.test.*'],
    });

    const eventsTable = new dynamodb.Table(this, 'WebhookEvents', {
      tableName: `${names.prefix}-webhook-events`,
      partitionKey: { name: 'eventKey', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // Only keys of deliveries already forwarded: nothing to keep when the stack goes.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.eventsTable = eventsTable;

    for (const provider of new Set(props.providers)) {
      const p = pascalCase(provider);
      const secret = new secretsmanager.Secret(this, `${p}Secret`, {
        secretName: `agent-mesh/${props.meshId}/integrations/${provider}-webhook`,
        description: `${provider} webhook signing secret; replace the generated value with the provider's`,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: `The ${provider} signing secret is issued and rolled by ${provider}; it is copied here after each roll.`,
      });
      const logGroup = createMeshLogGroup(this, `${p}Logs`, {
        logGroupName: `/aws/lambda/${names.prefix}-${provider}-webhook`,
        environment,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const role = new iam.Role(this, `${p}Role`, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `Verifies ${provider} webhooks and forwards them to the ${props.meshId} bus`,
      });
      logGroup.grantWrite(role);
      const fn = new lambda.Function(this, `${p}Webhook`, {
        functionName: `${names.prefix}-${provider}-webhook`,
        runtime: lambda.Runtime.NODEJS_24_X,
        handler: 'webhook.handler',
        code,
        role,
        logGroup,
        timeout: Duration.seconds(10),
        memorySize: 256,
        reservedConcurrentExecutions: reservedConcurrency,
        tracing: lambda.Tracing.ACTIVE,
        environment: {
          AGENT_MESH_PROVIDER: provider,
          AGENT_MESH_WEBHOOK_SECRET_ARN: secret.secretArn,
          AGENT_MESH_EVENT_BUS: props.eventBus.eventBusName,
          AGENT_MESH_WEBHOOK_EVENTS_TABLE: eventsTable.tableName,
          AGENT_MESH_WEBHOOK_REPLAY_WINDOW_SECONDS: String(
            replayWindow.toSeconds(),
          ),
          AGENT_MESH_WEBHOOK_SECRET_TTL_SECONDS: String(
            secretCacheTtl.toSeconds(),
          ),
        },
      });
      secret.grantRead(fn);
      // Claim (conditional PutItem) and release (DeleteItem after a failed PutEvents) of its own provider's keys only.
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
          resources: [eventsTable.tableArn],
          conditions: {
            'ForAllValues:StringLike': {
              'dynamodb:LeadingKeys': [`${provider}#*`],
            },
          },
        }),
      );
      props.eventBus.grantPutEventsTo(fn);
      // Providers cannot sign AWS requests, so the URL is public; the handler's signature check is the authentication.
      const url = fn.addFunctionUrl({
        authType: lambda.FunctionUrlAuthType.NONE,
      });
      new CfnOutput(this, `${p}WebhookUrl`, {
        value: url.url,
        description: `Configure as the ${provider} webhook endpoint`,
      });
      acknowledgeRoleWildcards(role, 'webhook');
      this.functions[provider] = fn;
      this.urls[provider] = url;
      this.secrets[provider] = secret;
    }
  }
}
