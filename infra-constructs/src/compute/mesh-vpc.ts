import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import {
  MeshEnvironment,
  createMeshLogGroup,
} from '../observability/log-retention';

export interface MeshNetwork {
  readonly vpc: ec2.IVpc;
  readonly taskSubnets: ec2.SubnetSelection;
  readonly assignPublicIp: boolean;
}

/** The address range of a VPC the mesh creates (the CDK default, spelled out for the endpoints' rule). */
export const MESH_VPC_CIDR = '10.0.0.0/16';

/**
 * The interface endpoints a VPC with NAT gateways gets, so image pulls and logs skip the NAT gateways'
 * per-GB charge (the image layers themselves come from S3, through its free gateway endpoint).
 */
export const NAT_BYPASS_INTERFACE_ENDPOINTS = {
  EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
  EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
} as const;

/** Gateway endpoints (free) for S3 and DynamoDB, and the interface endpoints for ECR and CloudWatch Logs. */
function addNatBypassEndpoints(vpc: ec2.Vpc): void {
  const subnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  vpc.addGatewayEndpoint('S3Endpoint', {
    service: ec2.GatewayVpcEndpointAwsService.S3,
    subnets: [subnets],
  });
  vpc.addGatewayEndpoint('DynamoDbEndpoint', {
    service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
    subnets: [subnets],
  });
  // One group for the endpoints, HTTPS from the VPC's own (literal) range, so checks can read the rule.
  const securityGroup = new ec2.SecurityGroup(vpc, 'EndpointSecurityGroup', {
    vpc,
    description: 'HTTPS from the mesh VPC to its interface endpoints',
    allowAllOutbound: false,
  });
  securityGroup.addIngressRule(
    ec2.Peer.ipv4(MESH_VPC_CIDR),
    ec2.Port.tcp(443),
    'Tasks in the mesh VPC',
  );
  for (const [id, service] of Object.entries(NAT_BYPASS_INTERFACE_ENDPOINTS)) {
    vpc.addInterfaceEndpoint(`${id}Endpoint`, {
      service,
      subnets,
      privateDnsEnabled: true,
      open: false,
      securityGroups: [securityGroup],
    });
  }
}

/**
 * Uses the given VPC's private subnets, or creates one. Without NAT gateways the new VPC has public
 * subnets only: a NAT gateway alone would cost more than a whole small mesh.
 */
export function createMeshVpc(
  scope: Construct,
  options: {
    /**
     * A VPC to use instead of creating one; tasks then run in its private subnets with egress.
     * @default a new VPC
     */
    vpc?: ec2.IVpc;
    natGateways: number;
    environment: MeshEnvironment;
    meshId: string;
  },
): MeshNetwork {
  if (options.vpc) {
    return {
      vpc: options.vpc,
      taskSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
    };
  }
  const withNat = options.natGateways > 0;
  const flowLogGroup = createMeshLogGroup(scope, 'FlowLogs', {
    logGroupName: `/agent-mesh/${options.meshId}/vpc-flow-logs`,
    environment: options.environment,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    maxAzs: 2,
    ipAddresses: ec2.IpAddresses.cidr(MESH_VPC_CIDR),
    natGateways: options.natGateways,
    subnetConfiguration: [
      // Tasks ask for a public IP themselves (assignPublicIp); nothing else launched here should get one.
      {
        name: 'public',
        subnetType: ec2.SubnetType.PUBLIC,
        cidrMask: 24,
        mapPublicIpOnLaunch: false,
      },
      ...(withNat
        ? [
            {
              name: 'private',
              subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
              cidrMask: 22,
            },
          ]
        : []),
    ],
    // Rejected traffic is what an investigation needs; accepted traffic would multiply the log bill.
    flowLogs: {
      RejectedTraffic: {
        destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
        trafficType: ec2.FlowLogTrafficType.REJECT,
      },
    },
  });
  if (withNat) {
    addNatBypassEndpoints(vpc);
  }
  return {
    vpc,
    taskSubnets: {
      subnetType: withNat
        ? ec2.SubnetType.PRIVATE_WITH_EGRESS
        : ec2.SubnetType.PUBLIC,
    },
    assignPublicIp: !withNat,
  };
}
