import { TIERS, Tier } from '@agent-mesh/plugin-agent-mesh-common';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { formErrors } from '../__testUtils__/formValidation';
import { loadTemplate } from '../__testUtils__/templateFiles';
import { parseMeshConfig } from './meshConfig';
import { synthesizeMesh } from './synthesizeMesh';

jest.setTimeout(120_000);

type FormProperty = {
  maxLength?: number;
  enum?: string[];
  items?: { enum?: string[] };
  default?: unknown;
};

/** The template's form properties, all pages merged. */
function formProperties(tier: Tier): Record<string, FormProperty> {
  const { template } = loadTemplate(tier);
  return Object.assign(
    {},
    ...(template.spec.parameters as JsonObject[]).map(p => p.properties ?? {}),
  );
}

/**
 * The longest values the tier's form accepts: a mesh name of the form's maximum length, every specialized agent
 * (the longest, cloudfront-expert, among them), every integration, the top lane and the longest image tag.
 */
function longestFormValues(tier: Tier): JsonObject {
  const props = formProperties(tier);
  const meshNameLength = props.meshName.maxLength!;
  const lanes = props.initialLane.enum!;
  return {
    meshName: `payments-reconciliation-eu-dev1${'x'.repeat(32)}`.slice(
      0,
      meshNameLength,
    ),
    description: 'Reconciles payments',
    owner: 'group:default/platform-team',
    environment: 'prod',
    awsAccountId: '123456789012',
    region: 'eu-west-1',
    specialistAgents: props.specialistAgents.items!.enum!,
    initialLane: lanes[lanes.length - 1],
    monthlyBudgetUsd: 1000,
    alarmEmail: 'ops@example.com',
    imageTag: `v${'1'.repeat(props.imageTag.maxLength! - 1)}`,
    ...(props.integrations
      ? { integrations: props.integrations.items!.enum! }
      : {}),
    repoUrl: 'github.com?owner=acme&repo=payments',
  };
}

/** The mesh.config.json content the skeleton renders from the form values (templates/skeleton/mesh.config.json.njk). */
function renderedConfig(tier: Tier, values: JsonObject): unknown {
  return {
    meshId: values.meshName,
    tier,
    environment: values.environment,
    awsAccountId: values.awsAccountId,
    region: values.region,
    agents: [
      'conductor',
      'critic',
      'sweeper',
      ...(values.specialistAgents as string[]),
    ],
    initialLane: values.initialLane,
    monthlyBudgetUsd: values.monthlyBudgetUsd,
    alarmEmail: values.alarmEmail,
    imageTag: values.imageTag,
    catalogEntityRef: `system:default/${values.meshName}`,
    integrations: values.integrations ?? [],
  };
}

describe.each(TIERS)('the longest values the %s form accepts', (tier: Tier) => {
  it('pass the form, the mesh validation and synthesize with zero cdk-nag errors', () => {
    // GIVEN the longest values the form accepts, with the CloudFront expert agent
    const values = longestFormValues(tier);
    expect((values.meshName as string).length).toBe(32);
    expect(values.specialistAgents).toContain('cloudfront-expert');
    expect(formErrors(tier, values)).toEqual([]);

    // WHEN the rendered configuration is validated and synthesized
    const config = parseMeshConfig(renderedConfig(tier, values));
    const outdir = createMockDirectory().path;
    const synthesis = synthesizeMesh(config, outdir);

    // THEN synthesis succeeds (no name over its AWS limit) and cdk-nag finds no error
    expect(synthesis.failure).toBeUndefined();
    expect(synthesis.nag.errors).toBe(0);
    expect(synthesis.resourceCounts['AWS::ECR::Repository']).toBe(1);
  });
});

describe('the image tag of a mesh', () => {
  it.each(TIERS)(
    'is refused as "latest" by the %s form and by the mesh validation',
    tier => {
      // GIVEN the tag "latest", which an immutable repository cannot move
      const values = { ...longestFormValues(tier), imageTag: 'latest' };
      // WHEN the form and the configuration parser check it
      const refused = formErrors(tier, values);
      // THEN both refuse it
      expect(refused.map(e => e.split(':')[0])).toEqual(['.imageTag']);
      expect(() => parseMeshConfig(renderedConfig(tier, values))).toThrow(
        /imageTag: "latest" is not an image tag/,
      );
    },
  );
});
