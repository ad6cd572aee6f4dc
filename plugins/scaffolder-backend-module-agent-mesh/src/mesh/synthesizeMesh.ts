import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import fs from 'node:fs';
import path from 'node:path';
import {
  createMeshStack,
  MeshStack,
  SynthesizedTemplate,
} from '@agent-mesh/infra-constructs';
import { MeshConfig } from './meshConfig';

/** One cdk-nag rule that found problems, with the construct paths it found them on. */
export interface NagFinding {
  rule: string;
  severity: string;
  constructs: string[];
}

/** What an in-process synthesis of a mesh produced. */
export interface MeshSynthesis {
  stackName: string;
  /** Total CloudFormation resources in the stack's template. */
  resourceCount: number;
  /** Resource count by CloudFormation type, sorted by type. */
  resourceCounts: Record<string, number>;
  nag: {
    /** Unacknowledged AwsSolutions errors; synthesis fails when there is any. */
    errors: number;
    warnings: number;
    /** Findings acknowledged in the constructs, each with its reason. */
    acknowledged: number;
    findings: NagFinding[];
  };
  /** The error that failed synthesis, if any (a nag error, or an error thrown while synthesizing). */
  failure?: string;
}

interface ReportViolation {
  ruleName?: string;
  severity?: string;
  violatingConstructs?: { constructPath?: string }[];
}

function readNagFindings(outdir: string): NagFinding[] {
  const file = path.join(outdir, 'validation-report.json');
  if (!fs.existsSync(file)) {
    return [];
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    pluginReports?: { violations?: ReportViolation[] }[];
  };
  return (report.pluginReports ?? [])
    .flatMap(r => r.violations ?? [])
    .filter(v => (v.violatingConstructs ?? []).length > 0)
    .map(v => ({
      rule: v.ruleName ?? 'unknown',
      severity: v.severity ?? 'error',
      constructs: (v.violatingConstructs ?? []).map(
        c => c.constructPath ?? '?',
      ),
    }));
}

function countAcknowledged(app: App): number {
  return app.node
    .findAll()
    .flatMap(c =>
      c.node.metadata.filter(
        m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
      ),
    )
    .flatMap(m => Object.keys(m.data as Record<string, string>))
    .filter(id => id.replace(/^Annotation::/, '').startsWith('AwsSolutions-'))
    .length;
}

function countResources(outdir: string, stack: MeshStack) {
  const file = path.join(outdir, stack.templateFile);
  const counts: Record<string, number> = {};
  if (!fs.existsSync(file)) {
    return { total: 0, counts };
  }
  const template = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    Resources?: Record<string, { Type: string }>;
  };
  const resources = Object.values(template.Resources ?? {});
  for (const { Type } of resources) {
    counts[Type] = (counts[Type] ?? 0) + 1;
  }
  const sorted = Object.fromEntries(
    Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)),
  );
  return { total: resources.length, counts: sorted };
}

/**
 * Synthesizes the mesh's tier stack in the calling thread into `outdir`, with cdk-nag's AwsSolutions pack registered
 * the cdk-nag 3 way. Bad props throw the construct's own error from here; a nag error or a synthesis error is
 * returned as `failure` together with what was found, so the caller can show the findings before failing.
 *
 * `extendStack` lets tests add resources to the stack before synthesis.
 */
export function synthesizeMesh(
  config: MeshConfig,
  outdir: string,
  extendStack?: (stack: MeshStack) => void,
): MeshSynthesis {
  const app = new App({ outdir });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = createMeshStack(app, config);
  extendStack?.(stack);
  let failure: string | undefined;
  try {
    app.synth();
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  const findings = readNagFindings(outdir);
  const { total, counts } = countResources(outdir, stack);
  return {
    stackName: stack.stackName,
    resourceCount: total,
    resourceCounts: counts,
    nag: {
      errors: findings.filter(f => f.severity === 'error').length,
      warnings: findings.filter(f => f.severity === 'warning').length,
      acknowledged: countAcknowledged(app),
      findings,
    },
    failure,
  };
}

/**
 * The mesh's tier stack synthesized (without cdk-nag) into `outdir`: what the cost estimate counts resources
 * from. `extendStack` lets tests add resources to the stack before synthesis.
 */
export function synthesizedMeshTemplate(
  config: MeshConfig,
  outdir: string,
  extendStack?: (stack: MeshStack) => void,
): SynthesizedTemplate {
  const app = new App({ outdir });
  const stack = createMeshStack(app, config);
  extendStack?.(stack);
  return app.synth().getStackByName(stack.stackName)
    .template as SynthesizedTemplate;
}
