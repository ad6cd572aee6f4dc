import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Runs a command in `cwd` with this Node first on PATH; throws with the output's tail when it fails. */
export function runCommand(
  cwd: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: 'pipe',
      maxBuffer: 64 * 1024 * 1024,
      env: {
        ...process.env,
        PATH: `${path.dirname(process.execPath)}${path.delimiter}${
          process.env.PATH
        }`,
        // jest sets these for its own children; the generated repository's jest must not inherit them.
        NODE_ENV: 'test',
        JEST_WORKER_ID: '',
        CDK_DISABLE_CLI_TELEMETRY: 'true',
        ...env,
      },
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    const output = `${e.stdout ?? ''}\n${e.stderr ?? ''}`.trim().split('\n');
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd}: ${e.message}\n${output
        .slice(-60)
        .join('\n')}`,
    );
  }
}
