import {
  AGENT_MESH_TAGS,
  DEFAULT_IMAGE_TAG,
  LANES,
  Lane,
  agentImageRepositoryName,
  meshResourceNames,
} from '@agent-mesh/mesh-model';
import {
  ArnFormat,
  RemovalPolicy,
  Stack,
  Tags,
  Validations,
} from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
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
  createMeshLogGroup,
} from '../observability/log-retention';
import {
  checkAgents,
  checkImageTag,
  checkLanes,
  checkMeshId,
  checkPositives,
} from '../validation/mesh-rules';
import { acknowledgeRoleWildcards } from '../validation/acknowledge-wildcards';
import { PropsErrors } from '../validation/props-errors';
import { createMeshVpc } from './mesh-vpc';

/** The name of the container in every agent task definition; the workflow overrides it by this name. @public */
export const AGENT_CONTAINER_NAME = 'agent';

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
   * The container image of the agents, when it does not come from the mesh's own repository.
   * @default `imageTag` of the mesh's ECR repository (`repository`)
   */
  readonly image?: ecs.ContainerImage;
  /**
   * The tag of the agents' image in the mesh's ECR repository `agent-mesh/<meshId>/agent`. Tags are immutable,
   * so `latest` is refused; push the image under this tag before the first run.
   * @default DEFAULT_IMAGE_TAG ('v1')
   */
  readonly imageTag?: string;
  /**
   * How many images the repository keeps; older ones expire.
   * @default 20
   */
  readonly retainedImages?: number;
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
  /** The cluster `agent-mesh-<meshId>-agents`, with Fargate and Fargate Spot. */
  public readonly cluster: ecs.ICluster;
  /** The VPC tasks run in: the one given, or the one this construct created. */
  public readonly vpc: ec2.IVpc;
  /** The agents' security group: no inbound rule, all outbound. */
  public readonly securityGroup: ec2.ISecurityGroup;
  /** The subnets tasks run in. */
  public readonly taskSubnets: ec2.SubnetSelection;
  /** Whether tasks need a public IP to reach the internet (no NAT). */
  public readonly assignPublicIp: boolean;
  /** The role ECS pulls images and writes logs with, shared by every task definition. */
  public readonly executionRole: iam.IRole;
  /**
   * The mesh's ECR repository `agent-mesh/<meshId>/agent`: scan on push, immutable tags, encrypted, keeping the
   * last `retainedImages` images. The execution role may pull from it and from no other repository.
   */
  public readonly repository: ecr.IRepository;
  /** The image tag the task definitions run (when no `image` was given). */
  public readonly imageTag: string;
  /** The agents, each with a task definition and task role per lane. */
  public readonly agents: readonly string[];
  /** The lanes the agents have task definitions for. */
  public readonly lanes: readonly Lane[];
  /** Task definitions by agent, then lane. */
  public readonly taskDefinitions: Readonly<
    Record<string, Partial<Record<Lane, ecs.FargateTaskDefinition>>>
  >;
  /** Task roles by agent, then lane. */
  public readonly taskRoles: Readonly<
    Record<string, Partial<Record<Lane, iam.IRole>>>
  >;
  /** Task definitions of the workflow steps, when created. */
  public readonly stepTaskDefinitions: Partial<
    Record<WorkflowStep, ecs.FargateTaskDefinition>
  >;
  /** Log groups by agent. */
  public readonly logGroups: Readonly<Record<string, logs.ILogGroup>>;

  private readonly props: AgentComputeProps;
  private readonly environment: MeshEnvironment;
  private readonly image: ecs.ContainerImage;

  constructor(scope: Construct, id: string, props: AgentComputeProps) {
    super(scope, id);
    validateProps(props);
    this.props = props;
    this.environment = props.environment ?? 'dev';
    this.imageTag = props.imageTag ?? DEFAULT_IMAGE_TAG;
    this.repository = this.createRepository(props.retainedImages ?? 20);
    this.image =
      props.image ??
      ecs.ContainerImage.fromEcrRepository(this.repository, this.imageTag);
    this.agents = [...props.agents];
    this.lanes = [...(props.lanes ?? LANES)];

    const network = createMeshVpc(this, {
      vpc: props.vpc,
      natGateways: props.natGateways ?? 0,
      environment: this.environment,
      meshId: props.meshId,
    });
    this.vpc = network.vpc;
    this.taskSubnets = network.taskSubnets;
    this.assignPublicIp = network.assignPublicIp;
    this.securityGroup = this.createSecurityGroup();
    this.cluster = this.createCluster();
    this.executionRole = this.createExecutionRole();

    const agentTasks = this.agents.map(agent => this.addAgent(agent));
    this.logGroups = Object.fromEntries(
      agentTasks.map(a => [a.agent, a.logGroup]),
    );
    this.taskDefinitions = Object.fromEntries(
      agentTasks.map(a => [a.agent, a.taskDefinitions]),
    );
    this.taskRoles = Object.fromEntries(
      agentTasks.map(a => [a.agent, a.taskRoles]),
    );
    const workflowSteps = props.workflowSteps ?? true;
    this.stepTaskDefinitions = workflowSteps ? this.addWorkflowSteps() : {};
    acknowledgeRoleWildcards(this.executionRole, 'execution');
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

  /**
   * Adds `environment` to the agent container of every task definition of `lanes` (for example where a tier's
   * database is), leaving the other lanes' task definitions unchanged.
   */
  addLaneEnvironment(
    lanes: readonly Lane[],
    environment: Readonly<Record<string, string>>,
  ): void {
    for (const byLane of Object.values(this.taskDefinitions)) {
      for (const lane of lanes) {
        const container = byLane[lane]?.findContainer(AGENT_CONTAINER_NAME);
        for (const [name, value] of Object.entries(environment)) {
          container?.addEnvironment(name, value);
        }
      }
    }
  }

  /** The task roles of every agent in `lanes`. */
  taskRolesIn(lanes: readonly Lane[]): iam.IRole[] {
    return Object.values(this.taskRoles).flatMap(byLane =>
      lanes.flatMap(lane => (byLane[lane] ? [byLane[lane]!] : [])),
    );
  }

  private createRepository(retainedImages: number): ecr.Repository {
    return new ecr.Repository(this, 'Repository', {
      repositoryName: agentImageRepositoryName(this.props.meshId),
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      encryption: ecr.RepositoryEncryption.KMS,
      lifecycleRules: [
        {
          description: `Keep the last ${retainedImages} images`,
          maxImageCount: retainedImages,
        },
      ],
      removalPolicy:
        this.environment === 'prod'
          ? RemovalPolicy.RETAIN
          : RemovalPolicy.DESTROY,
    });
  }

  /** The principal of a task role: ECS tasks of this account and region only (`aws:SourceAccount`, `aws:SourceArn`). */
  private ecsTasksPrincipal(): iam.IPrincipal {
    const stack = Stack.of(this);
    return new iam.ServicePrincipal('ecs-tasks.amazonaws.com', {
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: {
          'aws:SourceArn': `arn:${stack.partition}:ecs:${stack.region}:${stack.account}:*`,
        },
      },
    });
  }

  private createSecurityGroup(): ec2.SecurityGroup {
    return new ec2.SecurityGroup(this, 'TaskSecurityGroup', {
      vpc: this.vpc,
      description:
        'Agent tasks: no inbound traffic, outbound to AWS APIs and model providers',
      allowAllOutbound: true,
    });
  }

  private createCluster(): ecs.Cluster {
    return new ecs.Cluster(this, 'Cluster', {
      clusterName: `${meshResourceNames(this.props.meshId).prefix}-agents`,
      vpc: this.vpc,
      enableFargateCapacityProviders: true,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
  }

  private createExecutionRole(): iam.Role {
    // The ECS agent assumes this role, not the task: AWS documents the confused-deputy conditions for task roles.
    return new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `Pulls agent images and writes agent logs for the ${this.props.meshId} mesh`,
    });
  }

  /** One agent: its log group, and per lane a task role holding the lane's grants and a task definition. */
  private addAgent(agent: string): AgentTasks {
    const agentScope = new Construct(this, `Agent${pascalCase(agent)}`);
    Tags.of(agentScope).add(AGENT_MESH_TAGS.agent, agent);
    const logGroup = createMeshLogGroup(agentScope, 'LogGroup', {
      logGroupName: `/agent-mesh/${this.props.meshId}/agents/${agent}`,
      environment: this.environment,
    });
    const tasks: AgentTasks = {
      agent,
      logGroup,
      taskDefinitions: {},
      taskRoles: {},
    };
    for (const lane of this.lanes) {
      const laneScope = new Construct(agentScope, `Lane${pascalCase(lane)}`);
      Tags.of(laneScope).add(AGENT_MESH_TAGS.lane, lane);
      const role = this.createTaskRole(
        laneScope,
        `${agent} agent in the ${lane} lane of the ${this.props.meshId} mesh`,
        grantee => this.props.bus.grantLane(grantee, lane, agent),
      );
      tasks.taskRoles[lane] = role;
      tasks.taskDefinitions[lane] = this.createTaskDefinition(laneScope, {
        family: taskFamily(this.props.meshId, agent, lane),
        role,
        logGroup,
        environment: { AGENT_MESH_AGENT: agent, AGENT_MESH_LANE: lane },
        lane,
      });
    }
    return tasks;
  }

  /** The conductor's plan and the critic's review: read like `read_only` and answer their task token only. */
  private addWorkflowSteps(): Partial<
    Record<WorkflowStep, ecs.FargateTaskDefinition>
  > {
    const orchestrationArn = Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: meshResourceNames(this.props.meshId)
        .orchestrationStateMachine,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const steps: Array<[WorkflowStep, string]> = [
      ['plan', CORE_AGENTS[0]],
      ['review', CORE_AGENTS[1]],
    ];
    const definitions: Partial<
      Record<WorkflowStep, ecs.FargateTaskDefinition>
    > = {};
    for (const [step, agent] of steps) {
      const stepScope = new Construct(this, `Step${pascalCase(step)}`);
      Tags.of(stepScope).add(AGENT_MESH_TAGS.agent, agent);
      const role = this.createTaskRole(
        stepScope,
        `${agent} running the workflow's ${step} step; reads and answers its task token only`,
        grantee => this.props.bus.grantWorkflowStep(grantee, orchestrationArn),
      );
      definitions[step] = this.createTaskDefinition(stepScope, {
        family: stepTaskFamily(this.props.meshId, step),
        role,
        logGroup: this.logGroups[agent],
        environment: { AGENT_MESH_AGENT: agent, AGENT_MESH_STEP: step },
        lane: 'read_only',
      });
    }
    return definitions;
  }

  /** A task role given its grants, with the wildcards an agent task role may hold acknowledged. */
  private createTaskRole(
    scope: Construct,
    description: string,
    grant: (grantee: iam.IGrantable) => void,
  ): iam.Role {
    const role = new iam.Role(scope, 'TaskRole', {
      assumedBy: this.ecsTasksPrincipal(),
      description,
    });
    grant(role);
    acknowledgeRoleWildcards(role, 'agentTask');
    return role;
  }

  /** A Fargate task definition with the agent container, its logs, the bus environment and the secrets. */
  private createTaskDefinition(
    scope: Construct,
    options: {
      family: string;
      role: iam.IRole;
      logGroup: logs.ILogGroup;
      environment: Record<string, string>;
      /** The lane whose secrets the container gets. */
      lane: Lane;
    },
  ): ecs.FargateTaskDefinition {
    const taskDefinition = new ecs.FargateTaskDefinition(
      scope,
      'TaskDefinition',
      {
        family: options.family,
        cpu: this.props.cpu ?? 512,
        memoryLimitMiB: this.props.memoryLimitMiB ?? 1024,
        taskRole: options.role,
        executionRole: this.executionRole,
      },
    );
    taskDefinition.addContainer('Agent', {
      containerName: AGENT_CONTAINER_NAME,
      image: this.image,
      essential: true,
      logging: ecs.LogDrivers.awsLogs({
        logGroup: options.logGroup,
        streamPrefix: options.family,
      }),
      environment: {
        ...this.props.bus.taskEnvironment,
        AGENT_MESH_MESH_ID: this.props.meshId,
        ...options.environment,
      },
      secrets: containerSecretsOf(this.props.bus, options.lane),
    });
    Validations.of(taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason:
        'The environment holds only resource names and the agent/lane identity; secrets are injected through `secrets` from Secrets Manager.',
    });
    return taskDefinition;
  }
}

/** What {@link AgentCompute} creates for one agent. */
interface AgentTasks {
  readonly agent: string;
  readonly logGroup: logs.ILogGroup;
  readonly taskDefinitions: Partial<Record<Lane, ecs.FargateTaskDefinition>>;
  readonly taskRoles: Partial<Record<Lane, iam.IRole>>;
}

/** Checks every prop of {@link AgentCompute} and throws one error naming each problem. */
function validateProps(props: AgentComputeProps): void {
  const errors = new PropsErrors('AgentCompute');
  checkMeshId(errors, 'meshId', props.meshId);
  checkAgents(
    errors,
    'agents',
    props.agents,
    props.workflowSteps ?? true ? ['conductor', 'critic'] : [],
  );
  checkLanes(errors, 'lanes', props.lanes ?? LANES);
  checkPositives(errors, {
    cpu: props.cpu,
    memoryLimitMiB: props.memoryLimitMiB,
  });
  checkImageTag(errors, 'imageTag', props.imageTag);
  errors.check(
    !(props.image && props.imageTag !== undefined),
    'imageTag',
    "only applies to the mesh's repository; leave it out when passing image",
  );
  errors.check(
    props.retainedImages === undefined ||
      (Number.isInteger(props.retainedImages) && props.retainedImages >= 1),
    'retainedImages',
    `must be a whole number >= 1 (got ${props.retainedImages})`,
  );
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
}

/**
 * The secrets `lane` may read, as container secrets `AGENT_MESH_SECRET_<NAME>` (e.g.
 * `AGENT_MESH_SECRET_MODEL_API_KEY`).
 */
function containerSecretsOf(
  bus: AgentBus,
  lane: Lane,
): Record<string, ecs.Secret> {
  return Object.fromEntries(
    bus.secretLanes
      .filter(s => s.lanes.includes(lane))
      .map(s => [
        `AGENT_MESH_SECRET_${s.name.replace(/-/g, '_').toUpperCase()}`,
        ecs.Secret.fromSecretsManager(s.secret),
      ]),
  );
}
