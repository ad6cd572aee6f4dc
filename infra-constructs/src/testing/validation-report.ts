import { App, Validations } from 'aws-cdk-lib';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A rule violation in the policy-validation report `app.synth()` writes. */
export interface ReportedViolation {
  readonly ruleName?: string;
  readonly severity: string;
  readonly violatingConstructs: unknown[];
}

/**
 * Test support: the violations with at least one violating construct in `outdir/validation-report.json`, or
 * undefined when synth wrote no report.
 */
export function openViolations(
  outdir: string,
): ReportedViolation[] | undefined {
  const file = path.join(outdir, 'validation-report.json');
  if (!fs.existsSync(file)) {
    return undefined;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    pluginReports: { violations: ReportedViolation[] }[];
  };
  return report.pluginReports
    .flatMap(r => r.violations)
    .filter(v => v.violatingConstructs.length > 0);
}

/**
 * Test support: every acknowledgement of an AwsSolutions rule in `app`, as `[rule id, reason]`. aws-cdk-lib
 * acknowledges some of its own CloudFormation-Validate warnings; ours are stored under the default
 * `Annotation::` namespace, which is dropped from the id.
 */
export function awsSolutionsAcknowledgements(
  app: App,
): Array<[string, string]> {
  return app.node
    .findAll()
    .flatMap(c =>
      c.node.metadata.filter(
        m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
      ),
    )
    .flatMap(m => Object.entries(m.data as Record<string, string>))
    .map(([id, reason]): [string, string] => [
      id.replace(/^Annotation::/, ''),
      reason,
    ])
    .filter(([id]) => id.startsWith('AwsSolutions-'));
}
