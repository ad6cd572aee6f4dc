import { meshResourceNames } from '@agent-mesh/mesh-model';
import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
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
}

/**
 * Webhook endpoints for Stripe, Supabase and Vercel. Each request's signature is checked against
 * the provider's secret (kept in Secrets Manager) before anything is put on the bus; a request that
 * fails the check gets a 401 and never reaches the bus.
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
    errors.throwIfAny();

    const names = meshResourceNames(props.meshId);
    const environment = props.environment ?? 'dev';
    const code = lambda.Code.fromAsset(webhookHandlersPath(), {
      exclude: ['*.d.ts', '*.test.*'],
    });

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
        tracing: lambda.Tracing.ACTIVE,
        environment: {
          AGENT_MESH_PROVIDER: provider,
          AGENT_MESH_WEBHOOK_SECRET_ARN: secret.secretArn,
          AGENT_MESH_EVENT_BUS: props.eventBus.eventBusName,
        },
      });
      secret.grantRead(fn);
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
