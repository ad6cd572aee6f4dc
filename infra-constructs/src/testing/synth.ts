import { Tier } from '@agent-mesh/mesh-model';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TIER_STACKS } from '../tiers/tier-stacks';
import { MeshStack } from '../tiers/mesh-stack';
import { MeshStackProps } from '../tiers/mesh-stack-props';

/** Test support: synthesizes one tier in a fresh app, optionally with cdk-nag's AwsSolutions pack. */
export function synthTier(
  tier: Tier,
  props: MeshStackProps & Record<string, unknown>,
  options: { nag?: boolean } = {},
): { app: App; stack: MeshStack; template: Template; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `agent-mesh-${tier}-`));
  const app = new App({ outdir });
  if (options.nag) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  }
  const stack = new TIER_STACKS[tier](app, `agent-mesh-${props.meshId}`, props);
  const template = Template.fromStack(stack);
  return { app, stack, template, outdir };
}

/** The example props each tier is tested with: extra agents, and integrations where allowed. */
export const EXAMPLE_PROPS: Record<
  Tier,
  MeshStackProps & Record<string, unknown>
> = {
  small: { meshId: 'team-dev', agents: ['conductor', 'critic', 'sweeper'] },
  medium: {
    meshId: 'billing-prod',
    environment: 'prod',
    agents: ['conductor', 'critic', 'sweeper', 'billing-bot'],
    alarmEmail: 'ops@example.com',
    integrations: ['stripe'],
  },
  large: {
    meshId: 'search-staging',
    environment: 'staging',
    agents: ['conductor', 'critic', 'sweeper', 'indexer', 'ranker'],
    integrations: ['stripe', 'supabase', 'vercel'],
  },
};
