import {
  AGENT_MESH_TAGS,
  LANES,
  Lane,
  meshResourceNames,
} from '@agent-mesh/plugin-agent-mesh-common';
import {
  ArnFormat,
  RemovalPolicy,
  Stack,
  Tags,
  Validations,
} from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AgentBus } from '../bus/agent-bus';
import { pascalCase } from '../naming/pascal-case';
import {
  CORE_AGENTS,
  WorkflowStep,
  stepTaskFamily,
  taskFamily,
} from '../naming/task-families';
import {
  MeshEnvironment,
  logRetentionFor,
} from '../observability/log-retention';
import {
  checkAgents,
  checkLanes,
  checkMeshId,
  checkPositive,
} from '../validation/mesh-rules';
import {
  COMMON_WILDCARD_RULES,
  acknowledgeWildcards,
} from '../validation/acknowledge-wildcards';
import { PropsErrors } from '../validation/props-errors';
import {
  LaneResources,
  lanePolicyStatements,
  workflowStepStatements,
} from './lane-policies';
import { createMeshVpc } from './mesh-vpc';

/**
 * An image agents can be started from before a real one is configured. It has no registry host,
 * so deploying with it succeeds and the first run fails visibly at image pull.
 *
 * @public
 */
export const PLACEHOLDER_AGENT_IMAGE = 'agent-mesh/agent:latest';

/** The name of the container in every agent task definition; the workflow overrides it by this name. @public */
export const AGENT_CONTAINER_NAME = 'agent';

/** The wildcards a lane role may hold: objects of the mesh's bucket, and its dry-run prefix. */
const LANE_ROLE_WILDCARDS = [
  COMMON_WILDCARD_RULES.bucketObjects,
  COMMON_WILDCARD_RULES.dryRunObjects,
];

/**
 * Props of {@link AgentCompute}.
 *
 * @public
 */
export interface AgentComputeProps {
  /** The mesh id. */
  readonly meshId: string;
  /** The bus the agents read and write. */
  readonly bus: AgentBus;
  /** The agents; each gets one task definition and task role per lane. */
  readonly agents: readonly string[];
  /**
   * The lanes to create task definitions for.
   * @default all lanes: read_only, dry_run, execute
   */
  readonly lanes?: readonly Lane[];
  /**
   * Create the conductor's plan and the critic's review task definitions used by the orchestration.
   * Requires `conductor` and `critic` in `agents`.
   * @default true
   */
  readonly workflowSteps?: boolean;
  /**
   * The environment; decides log retention.
   * @default 'dev'
   */
  readonly environment?: MeshEnvironment;
  /**
   * A VPC to run tasks in. When given, tasks run in its private subnets with egress.
   * @default a new VPC with `natGateways` NAT gateways
   */
  readonly vpc?: ec2.IVpc;
  /**
   * NAT gateways of the new VPC. With 0, tasks run in public subnets with a public IP and no inbound rule.
   * @default 0
   */
  readonly natGateways?: number;
  /**
   * The container image of the agents.
   * @default ecs.ContainerImage.fromRegistry(PLACEHOLDER_AGENT_IMAGE)
   */
  readonly image?: ecs.ContainerImage;
  /**
   * vCPU units of a task (256 = 0.25 vCPU).
   * @default 512
   */
  readonly cpu?: number;
  /**
   * Memory of a task in MiB.
   * @default 1024
   */
  readonly memoryLimitMiB?: number;
}

/**
 * ECS cluster (Fargate and Fargate Spot) and, per agent and lane, a task definition and a task role
 * whose permissions follow the lane rules (see `lanePolicyStatements`).
 *
 * @public
 */
export class AgentCompute extends Construct {
  public readonly cluster: ecs.Cluster;
  public readonly vpc: ec2.IVpc;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly taskSubnets: ec2.SubnetSelection;
  /** Whether tasks need a public IP to reach the internet (no NAT). */
  public readonly assignPublicIp: boolean;
  public readonly executionRole: iam.Role;
  public readonly agents: readonly string[];
  public readonly lanes: readonly Lane[];
  /** Task definitions by agent, then lane. */
  public readonly taskDefinitions: Readonly<
    Record<string, Partial<Record<Lane, ecs.FargateTaskDefinition>>>
  >;
  /** Task roles by agent, then lane. */
  public readonly taskRoles: Readonly<
    Record<string, Partial<Record<Lane, iam.Role>>>
  >;
  /** Task definitions of the workflow steps, when created. */
  public readonly stepTaskDefinitions: Partial<
    Record<WorkflowStep, ecs.FargateTaskDefinition>
  >;
  /** Log groups by agent. */
  public readonly logGroups: Readonly<Record<string, logs.LogGroup>>;

  constructor(scope: Construct, id: string, props: AgentComputeProps) {
    super(scope, id);
    const workflowSteps = props.workflowSteps ?? true;
    const errors = new PropsErrors('AgentCompute');
    checkMeshId(errors, 'meshId', props.meshId);
    checkAgents(
      errors,
      'agents',
      props.agents,
      workflowSteps ? ['conductor', 'critic'] : [],
    );
    checkLanes(errors, 'lanes', props.lanes ?? LANES);
    checkPositive(errors, 'cpu', props.cpu);
    checkPositive(errors, 'memoryLimitMiB', props.memoryLimitMiB);
    errors.check(
      props.natGateways === undefined ||
        (Number.isInteger(props.natGateways) && props.natGateways >= 0),
      'natGateways',
      `must be a whole number >= 0 (got ${props.natGateways})`,
    );
    errors.check(
      !(props.vpc && props.natGateways !== undefined),
      'natGateways',
      'only applies to the VPC this construct creates; leave it out when passing vpc',
    );
    errors.throwIfAny();

    const stack = Stack.of(this);
    const names = meshResourceNames(props.meshId);
    const environment = props.environment ?? 'dev';
    this.agents = [...props.agents];
    this.lanes = [...(props.lanes ?? LANES)];

    const network = createMeshVpc(this, {
      vpc: props.vpc,
      natGateways: props.natGateways ?? 0,
      environment,
      meshId: props.meshId,
    });
    this.vpc = network.vpc;
    this.taskSubnets = network.taskSubnets;
    this.assignPublicIp = network.assignPublicIp;

    this.securityGroup = new ec2.SecurityGroup(this, 'TaskSecurityGroup', {
      vpc: this.vpc,
      description:
        'Agent tasks: no inbound traffic, outbound to AWS APIs and model providers',
      allowAllOutbound: true,
    });

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: `${names.prefix}-agents`,
      vpc: this.vpc,
      enableFargateCapacityProviders: true,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    this.executionRole = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `Pulls agent images and writes agent logs for the ${props.meshId} mesh`,
    });

    const bus = props.bus;
    const resources: LaneResources = {
      tableArn: bus.table.tableArn,
      bucketArn: bus.artifactsBucket.bucketArn,
      eventBusArn: bus.eventBus.eventBusArn,
      queueArn: bus.subtaskQueue.queueArn,
      secretArns: bus.secrets.map(s => s.secretArn),
    };
    const image =
      props.image ?? ecs.ContainerImage.fromRegistry(PLACEHOLDER_AGENT_IMAGE);
    const containerSecrets = Object.fromEntries(
      bus.secrets.map(s => [
        `AGENT_MESH_SECRET_${s.node.id
          .replace(/^Secret-/, '')
          .replace(/-/g, '_')
          .toUpperCase()}`,
        ecs.Secret.fromSecretsManager(s),
      ]),
    );

    const makeTaskDefinition = (
      owner: Construct,
      family: string,
      role: iam.Role,
      logGroup: logs.LogGroup,
      environmentVariables: Record<string, string>,
    ) => {
      const taskDefinition = new ecs.FargateTaskDefinition(
        owner,
        'TaskDefinition',
        {
          family,
          cpu: props.cpu ?? 512,
          memoryLimitMiB: props.memoryLimitMiB ?? 1024,
          taskRole: role,
          executionRole: this.executionRole,
        },
      );
      taskDefinition.addContainer('Agent', {
        containerName: AGENT_CONTAINER_NAME,
        image,
        essential: true,
        logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: family }),
        environment: {
          ...bus.taskEnvironment,
          AGENT_MESH_MESH_ID: props.meshId,
          ...environmentVariables,
        },
        secrets: containerSecrets,
      });
      Validations.of(taskDefinition).acknowledge({
        id: 'AwsSolutions-ECS2',
        reason:
          'The environment holds only resource names and the agent/lane identity; secrets are injected through `secrets` from Secrets Manager.',
      });
      return taskDefinition;
    };

    const taskDefinitions: Record<
      string,
      Partial<Record<Lane, ecs.FargateTaskDefinition>>
    > = {};
    const taskRoles: Record<string, Partial<Record<Lane, iam.Role>>> = {};
    const logGroups: Record<string, logs.LogGroup> = {};

    for (const agent of this.agents) {
      const agentScope = new Construct(this, `Agent${pascalCase(agent)}`);
      Tags.of(agentScope).add(AGENT_MESH_TAGS.agent, agent);
      const logGroup = new logs.LogGroup(agentScope, 'LogGroup', {
        logGroupName: `/agent-mesh/${props.meshId}/agents/${agent}`,
        retention: logRetentionFor(environment),
        removalPolicy:
          environment === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      logGroups[agent] = logGroup;
      taskDefinitions[agent] = {};
      taskRoles[agent] = {};

      for (const lane of this.lanes) {
        const laneScope = new Construct(agentScope, `Lane${pascalCase(lane)}`);
        Tags.of(laneScope).add(AGENT_MESH_TAGS.lane, lane);
        const role = new iam.Role(laneScope, 'TaskRole', {
          assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
          description: `${agent} agent in the ${lane} lane of the ${props.meshId} mesh`,
        });
        lanePolicyStatements(lane, resources).forEach(s => role.addToPolicy(s));
        acknowledgeWildcards(role, LANE_ROLE_WILDCARDS);
        taskRoles[agent][lane] = role;
        taskDefinitions[agent][lane] = makeTaskDefinition(
          laneScope,
          taskFamily(props.meshId, agent, lane),
          role,
          logGroup,
          { AGENT_MESH_AGENT: agent, AGENT_MESH_LANE: lane },
        );
      }
    }

    this.stepTaskDefinitions = {};
    if (workflowSteps) {
      const orchestrationArn = stack.formatArn({
        service: 'states',
        resource: 'stateMachine',
        resourceName: names.orchestrationStateMachine,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      const steps: Array<[WorkflowStep, string]> = [
        ['plan', CORE_AGENTS[0]],
        ['review', CORE_AGENTS[1]],
      ];
      for (const [step, agent] of steps) {
        const stepScope = new Construct(this, `Step${pascalCase(step)}`);
        Tags.of(stepScope).add(AGENT_MESH_TAGS.agent, agent);
        const role = new iam.Role(stepScope, 'TaskRole', {
          assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
          description: `${agent} running the workflow's ${step} step; reads and answers its task token only`,
        });
        workflowStepStatements(resources, orchestrationArn).forEach(s =>
          role.addToPolicy(s),
        );
        acknowledgeWildcards(role, LANE_ROLE_WILDCARDS);
        this.stepTaskDefinitions[step] = makeTaskDefinition(
          stepScope,
          stepTaskFamily(props.meshId, step),
          role,
          logGroups[agent],
          { AGENT_MESH_AGENT: agent, AGENT_MESH_STEP: step },
        );
      }
    }

    this.taskDefinitions = taskDefinitions;
    this.taskRoles = taskRoles;
    this.logGroups = logGroups;
  }

  /**
   * The capacity providers a lane runs on: reading and dry runs tolerate a Spot interruption and
   * are retried; `execute` runs on on-demand Fargate so a write is not cut in half.
   */
  capacityProviderStrategy(
    lane: Lane | 'step',
  ): ecs.CapacityProviderStrategy[] {
    return lane === 'execute'
      ? [{ capacityProvider: 'FARGATE', weight: 1 }]
      : [
          { capacityProvider: 'FARGATE_SPOT', weight: 3 },
          { capacityProvider: 'FARGATE', weight: 1 },
        ];
  }
}
