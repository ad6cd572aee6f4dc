import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Test support: the cfn-guard binary and AWS Control Tower's proactive-control rules shipped by `@cdklabs/cdk-validator-cfnguard`. */
const PACKAGE_DIR = path.dirname(
  require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'),
);
export const CFN_GUARD_BINARY = path.join(
  PACKAGE_DIR,
  'bin',
  'ubuntu',
  'x86_64',
  'cfn-guard',
);
export const CONTROL_TOWER_RULES = path.join(
  PACKAGE_DIR,
  'rules',
  'control-tower',
  'cfn-guard',
);

/** One failed rule on one resource. */
export interface GuardFinding {
  readonly rule: string;
  readonly resource: string;
  /** The control id and fix, e.g. `[CT.CLOUDWATCH.PR.1]: ...`. */
  readonly message: string;
  /** Whether the resource lists the rule in `Metadata.guard.SuppressedRules`. */
  readonly suppressed: boolean;
}

/** Why the binary cannot run here (not Linux x86-64, or missing), or undefined when it can. */
export function cfnGuardUnavailable(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return `cfn-guard ships for Linux x86-64 only, not ${process.platform}/${process.arch}`;
  }
  if (!fs.existsSync(CFN_GUARD_BINARY)) {
    return `cfn-guard not found at ${CFN_GUARD_BINARY}`;
  }
  return undefined;
}

type RawFinding = Omit<GuardFinding, 'suppressed'>;

function collect(
  node: unknown,
  rule: string,
  message: string,
  out: RawFinding[],
): void {
  if (Array.isArray(node)) {
    node.forEach(n => collect(n, rule, message, out));
    return;
  }
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  const messages = record.messages as
    | { custom_message?: string | null }
    | undefined;
  const msg = messages?.custom_message?.trim() || message;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'path' && typeof value === 'string') {
      const match = /^\/Resources\/([^/]+)/.exec(value);
      if (match) out.push({ rule, resource: match[1], message: msg });
    } else {
      collect(value, rule, msg, out);
    }
  }
}

/**
 * Runs cfn-guard with the Control Tower rules over `template` (a synthesized template's JSON) and returns its
 * failures, one per rule and resource, each marked `suppressed` when the resource lists the rule in
 * `Metadata.guard.SuppressedRules` (the Control Tower rules themselves do not read that metadata).
 */
export async function runControlTowerGuard(template: {
  Resources?: Record<string, { Metadata?: Record<string, unknown> }>;
}): Promise<GuardFinding[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-mesh-guard-'));
  const file = path.join(dir, 'template.json');
  fs.writeFileSync(file, JSON.stringify(template));
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      CFN_GUARD_BINARY,
      [
        'validate',
        '--rules',
        CONTROL_TOWER_RULES,
        '--data',
        file,
        '--output-format',
        'json',
        '--show-summary',
        'none',
        '--structured',
      ],
      { maxBuffer: 256 * 1024 * 1024 },
      (error, out, stderr) => {
        // Exit code 19 means "some rules failed"; the JSON still describes them.
        if (error && (error as { code?: unknown }).code !== 19) {
          reject(new Error(`cfn-guard failed: ${error.message}\n${stderr}`));
        } else {
          resolve(out);
        }
      },
    );
  });
  fs.rmSync(dir, { recursive: true, force: true });
  const reports = JSON.parse(stdout) as Array<{
    not_compliant?: Array<{ Rule?: { name: string; checks?: unknown } }>;
  }>;
  const findings: RawFinding[] = [];
  for (const report of reports) {
    for (const item of report.not_compliant ?? []) {
      if (!item.Rule) continue;
      collect(item.Rule.checks, item.Rule.name, '', findings);
    }
  }
  const seen = new Set<string>();
  return findings
    .filter(f => {
      const key = `${f.rule} ${f.resource}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map(f => {
      const guard = template.Resources?.[f.resource]?.Metadata?.guard as
        | { SuppressedRules?: unknown }
        | undefined;
      const rules = Array.isArray(guard?.SuppressedRules)
        ? guard.SuppressedRules
        : [];
      return { ...f, suppressed: rules.includes(f.rule) };
    });
}
