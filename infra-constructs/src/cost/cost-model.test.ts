import { TIERS, TIER_FACTS } from '@agent-mesh/mesh-model';
import { EXAMPLE_PROPS, synthTier } from '../testing/synth';
import {
  AGENT_IMAGE_GB,
  TIER_COST_BANDS,
  estimateMonthlyCost,
  meshSpotShare,
  spotShareOf,
} from './cost-model';
import { countResourceTypes, usageFromTemplate } from './template-usage';
import { US_EAST_1_PRICES } from './prices';

describe('estimateMonthlyCost', () => {
  it.each(TIERS)('puts the %s tier inside its cost band', tier => {
    const estimate = estimateMonthlyCost(tier);
    const band = TIER_COST_BANDS[tier];
    expect(estimate.totalUsd).toBeGreaterThanOrEqual(band.min);
    expect(estimate.totalUsd).toBeLessThanOrEqual(
      band.max ?? Number.POSITIVE_INFINITY,
    );
    const sum = estimate.lineItems.reduce((s, i) => s + i.monthlyUsd, 0);
    expect(estimate.totalUsd).toBeCloseTo(sum, 2);
  });

  it('itemizes by service, with the ML database only in large', () => {
    expect(
      estimateMonthlyCost('small').lineItems.map(i => i.service),
    ).not.toContain('Aurora Serverless v2');
    const aurora = estimateMonthlyCost('large').lineItems.find(
      i => i.service === 'Aurora Serverless v2',
    )!;
    // 1 instance x 2 ACU x 730 h x 0.12 USD + 50 GB x 0.10 + 20M I/O x 0.20
    expect(aurora.monthlyUsd).toBeCloseTo(2 * 730 * 0.12 + 5 + 4, 2);
  });

  it('follows the usage assumptions', () => {
    const base = estimateMonthlyCost('medium');
    const noNat = estimateMonthlyCost('medium', {
      natGateways: 0,
      natGbPerMonth: 0,
    });
    expect(base.totalUsd - noNat.totalUsd).toBeCloseTo(
      730 * US_EAST_1_PRICES.natGatewayHour +
        20 * US_EAST_1_PRICES.natGatewayGb,
      1,
    );
    expect(
      estimateMonthlyCost('small', { runsPerDay: 400 }).totalUsd,
    ).toBeGreaterThan(estimateMonthlyCost('small').totalUsd);
  });

  it.each(TIERS)(
    "assumes the %s tier's own NAT gateways, alarm-topic key and ML database",
    tier => {
      const facts = TIER_FACTS[tier];
      expect(estimateMonthlyCost(tier).assumptions).toMatchObject({
        natGateways: facts.natGateways,
        publicIpTasks: facts.natGateways === 0,
        kmsKeys: facts.alarmTopic ? 1 : 0,
        auroraInstances: facts.mlFeatures ? 1 : 0,
      });
    },
  );

  it('uses the bands of the tier facts', () => {
    for (const tier of TIERS) {
      expect(TIER_COST_BANDS[tier]).toEqual(
        TIER_FACTS[tier].monthlyCostBandUsd,
      );
    }
  });

  it('takes the Spot share from the capacity provider strategy of compute', () => {
    // GIVEN the strategies of AgentCompute: steps, read_only and dry_run 3:1 Spot, execute on-demand only
    // THEN a third of the task time (steps) is 75% Spot, the lanes' two thirds are (75% + 75% + 0%) / 3
    expect(
      spotShareOf([
        { capacityProvider: 'FARGATE_SPOT', weight: 3 },
        { capacityProvider: 'FARGATE', weight: 1 },
      ]),
    ).toBe(0.75);
    expect(meshSpotShare()).toBeCloseTo(0.75 / 3 + ((0.5 * 2) / 3) * 1, 5);
    expect(
      meshSpotShare({
        capacityProviderStrategy: () => [
          { capacityProvider: 'FARGATE', weight: 1 },
        ],
      }),
    ).toBe(0);
    // AND no tier assumes always-on workers: no construct deploys an ECS service
    for (const tier of TIERS) {
      expect(estimateMonthlyCost(tier).assumptions.alwaysOnAgents).toBe(0);
    }
  });

  it.each(TIERS)(
    "prices the %s tier's ECR storage: the images its lifecycle keeps at the assumed image size",
    tier => {
      // GIVEN the defaults: 20 images kept, 0.5 GB each (AGENT_IMAGE_GB)
      const estimate = estimateMonthlyCost(tier);
      expect(estimate.assumptions).toMatchObject({
        retainedImages: 20,
        imageSizeGb: AGENT_IMAGE_GB,
      });
      // THEN 20 x 0.5 GB x 0.10 USD per GB-month
      const ecr = estimate.lineItems.find(i => i.service === 'ECR')!;
      expect(ecr.monthlyUsd).toBeCloseTo(
        20 * 0.5 * US_EAST_1_PRICES.ecrStorageGbMonth,
        2,
      );
      expect(ecr.monthlyUsd).toBeCloseTo(1, 2);
      // AND it follows the images kept
      expect(
        estimateMonthlyCost(tier, { retainedImages: 40 }).lineItems.find(
          i => i.service === 'ECR',
        )!.monthlyUsd,
      ).toBeCloseTo(2, 2);
    },
  );

  it('queues no subtasks in the small tier, which has no subtask queue', () => {
    expect(estimateMonthlyCost('small').assumptions.subtasksPerRun).toBe(0);
    expect(
      estimateMonthlyCost('small').lineItems.find(i => i.service === 'SQS')!
        .monthlyUsd,
    ).toBe(0);
    expect(
      estimateMonthlyCost('medium').assumptions.subtasksPerRun,
    ).toBeGreaterThan(0);
  });

  it('prices image pulls through NAT only when no ECR endpoint bypasses it', () => {
    // GIVEN medium with its endpoints WHEN the endpoints are removed
    const withEndpoints = estimateMonthlyCost('medium');
    const without = estimateMonthlyCost('medium', {
      interfaceEndpointZones: 0,
    });
    // THEN the image pulls are billed per NAT GB instead of the endpoints' hours
    const vpc = (e: typeof without) =>
      e.lineItems.find(i => i.service === 'VPC')!.monthlyUsd;
    expect(vpc(without) - vpc(withEndpoints)).toBeCloseTo(
      without.assumptions.imagePullGbPerMonth * US_EAST_1_PRICES.natGatewayGb,
      1,
    );
  });
});

describe.each(TIERS)(
  'the %s tier estimated from its synthesized template',
  tier => {
    // GIVEN the tier's example stack, synthesized
    const template = synthTier(tier, EXAMPLE_PROPS[tier]).template.toJSON();
    // WHEN it is estimated with the template's counts
    const estimate = estimateMonthlyCost(tier, {}, template);
    const counts = countResourceTypes(template);

    it('counts alarms, secrets, log groups, keys, NAT gateways, endpoints and Aurora instances from the template', () => {
      expect(estimate.assumptions).toMatchObject({
        alarms: counts['AWS::CloudWatch::Alarm'],
        secrets: counts['AWS::SecretsManager::Secret'],
        logGroups: counts['AWS::Logs::LogGroup'],
        kmsKeys: counts['AWS::KMS::Key'] ?? 0,
        natGateways: counts['AWS::EC2::NatGateway'] ?? 0,
        auroraInstances: counts['AWS::RDS::DBInstance'] ?? 0,
        alwaysOnAgents: 0,
        // the mesh's one ECR repository, its lifecycle keeping the last 20 images
        retainedImages: 20,
      });
      expect(counts['AWS::ECR::Repository']).toBe(1);
      expect(counts['AWS::ECS::Service']).toBeUndefined();
      // THEN the assumptions the tier's shape decides agree with what it deploys
      expect(usageFromTemplate(template)).toMatchObject({
        natGateways: TIER_FACTS[tier].natGateways,
        interfaceEndpointZones: TIER_FACTS[tier].natGateways > 0 ? 6 : 0,
        auroraInstances: TIER_FACTS[tier].mlFeatures ? 1 : 0,
      });
    });

    it('lands in the seed band for the stated assumptions', () => {
      // THEN: small 40 runs/day in public subnets; medium 150 runs/day, 1 NAT + endpoints;
      // large 400 runs/day, 2 NAT + endpoints, Aurora at 2 ACU average (us-east-1 list prices)
      const band = TIER_COST_BANDS[tier];
      expect(estimate.totalUsd).toBeGreaterThanOrEqual(band.min);
      expect(estimate.totalUsd).toBeLessThanOrEqual(
        band.max ?? Number.POSITIVE_INFINITY,
      );
    });
  },
);
