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
    natGateways: options.natGateways,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
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
