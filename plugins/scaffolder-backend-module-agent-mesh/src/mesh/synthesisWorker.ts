import { MeshStack, SynthesizedTemplate } from '@agent-mesh/infra-constructs';
import { InputError } from '@backstage/errors';
import {
  isMainThread,
  parentPort,
  Worker,
  workerData,
} from 'node:worker_threads';
import {
  DEFAULT_SYNTH_LIMITS,
  SynthLimits,
} from '../config/agentMeshScaffolderConfig';
import { MeshConfig } from './meshConfig';
import {
  MeshSynthesis,
  synthesizedMeshTemplate,
  synthesizeMesh,
} from './synthesizeMesh';

/**
 * What a worker synthesizes: `nag` is the synth action's synthesis with cdk-nag ({@link MeshSynthesis}),
 * `template` the cost action's plain synthesis, returning the stack's CloudFormation template.
 */
export type SynthesisKind = 'nag' | 'template';

type SynthesisResult<K extends SynthesisKind> = K extends 'nag'
  ? MeshSynthesis
  : SynthesizedTemplate;

/** What the worker gets (structured-cloned). */
interface SynthesisRequest {
  kind: SynthesisKind;
  config: MeshConfig;
  outdir: string;
  maxOutputBytes: number;
  /** Tests only: a module whose `extendStack(stack)` export adds resources to the stack before synthesis. */
  extendStackModule?: string;
}

/** What the worker posts back: the result as JSON (one string, so its size is known), or why it failed. */
type SynthesisReply =
  | { ok: true; json: string }
  | { ok: false; kind: 'props' | 'output' | 'internal'; message: string };

/** Options of one synthesis in a worker. */
export interface SynthesisOptions {
  limits?: SynthLimits;
  /** Aborting (the task was cancelled) terminates the worker. */
  signal?: AbortSignal;
  /** Tests only: a module path whose `extendStack(stack)` export is applied in the worker. */
  extendStackModule?: string;
}

const stats = { started: 0, running: 0 };

/** How many synthesis workers this process started, and how many still run (for tests and diagnostics). */
export function synthesisWorkerStats(): { started: number; running: number } {
  return { ...stats };
}

/**
 * Refuses a configuration that is too large to synthesize, before a worker starts: more agents or secrets than
 * the limits allow, or more JSON than `maxConfigBytes`.
 */
export function checkSynthesisInput(
  config: MeshConfig,
  limits: SynthLimits = DEFAULT_SYNTH_LIMITS,
): void {
  const problems: string[] = [];
  if (config.agents.length > limits.maxAgents) {
    problems.push(
      `it lists ${config.agents.length} agents, more than the ${limits.maxAgents} agentMeshScaffolder.synth.maxAgents allows`,
    );
  }
  const secrets = config.secrets?.length ?? 0;
  if (secrets > limits.maxSecrets) {
    problems.push(
      `it declares ${secrets} secrets, more than the ${limits.maxSecrets} agentMeshScaffolder.synth.maxSecrets allows`,
    );
  }
  const bytes = Buffer.byteLength(JSON.stringify(config), 'utf8');
  if (bytes > limits.maxConfigBytes) {
    problems.push(
      `it is ${bytes} bytes of JSON, more than the ${limits.maxConfigBytes} agentMeshScaffolder.synth.maxConfigBytes allows`,
    );
  }
  if (problems.length > 0) {
    throw new InputError(
      `The mesh configuration is too large to synthesize: ${problems.join(
        '; ',
      )}`,
    );
  }
}

/** Marks the workerData of a synthesis worker, so this module answers only in such a worker. */
const WORKER_MARK = 'agentMeshSynthesisRequest';

/**
 * The worker's side: synthesizes in the worker thread and returns the reply to post. Runs in the worker only,
 * from the statement at the end of this module.
 */
function runSynthesisRequest(request: SynthesisRequest): SynthesisReply {
  const extendStack = request.extendStackModule
    ? (require(request.extendStackModule).extendStack as (
        stack: MeshStack,
      ) => void)
    : undefined;
  let result: unknown;
  try {
    result =
      request.kind === 'nag'
        ? synthesizeMesh(request.config, request.outdir, extendStack)
        : synthesizedMeshTemplate(request.config, request.outdir, extendStack);
  } catch (error) {
    // The constructs' props validation: the caller shows its message as the task's failure.
    return {
      ok: false,
      kind: 'props',
      message: error instanceof Error ? error.message : String(error),
    };
  }
  const json = JSON.stringify(result);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > request.maxOutputBytes) {
    return {
      ok: false,
      kind: 'output',
      message: `The synthesis result is ${bytes} bytes, more than the ${request.maxOutputBytes} agentMeshScaffolder.synth.maxOutputBytes allows`,
    };
  }
  return { ok: true, json };
}

/**
 * The worker's entry, evaluated as CommonJS in the worker. It loads this module by its own file name (the
 * compiled `dist/mesh/synthesisWorker.cjs.js` in a built package, the `.ts` source in development and tests),
 * whose last statement answers the request. From source it needs a TypeScript loader: the backend started by
 * `backstage-cli package start` preloads `@backstage/cli`'s `nodeTransform.cjs` with `--require`, which workers
 * inherit (with `execArgv`); elsewhere (jest) the bootstrap registers the same loader itself.
 */
const BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
const Module = require('node:module');
try {
  if (workerData.loader && !Module._extensions['.ts']) require(workerData.loader);
  require(workerData.module);
} catch (error) {
  parentPort.postMessage({ ok: false, kind: 'internal', message: error && error.stack ? error.stack : String(error) });
}
`;

/** The TypeScript loader a worker needs when this module runs from its `.ts` source. */
function sourceLoader(): string | undefined {
  if (!__filename.endsWith('.ts')) return undefined;
  try {
    return require.resolve('@backstage/cli/config/nodeTransform.cjs');
  } catch {
    // Not installed (a production install runs the built .cjs.js); a preloaded loader may still be there.
    return undefined;
  }
}

/**
 * Synthesizes the mesh in a `node:worker_threads` worker, so a large mesh cannot block the backend's event loop.
 * The configuration is checked against the input limits first (no worker starts when it is too large). The
 * worker is terminated when it runs longer than `timeoutMs` or when `signal` aborts; its heap is limited to
 * `maxOldGenerationSizeMb`; a result above `maxOutputBytes` is refused. The constructs' props errors come back
 * as an `InputError` with their own message; every limit fails with an error naming its config key.
 */
export async function synthesizeInWorker<K extends SynthesisKind>(
  kind: K,
  config: MeshConfig,
  outdir: string,
  options: SynthesisOptions = {},
): Promise<SynthesisResult<K>> {
  const limits = options.limits ?? DEFAULT_SYNTH_LIMITS;
  checkSynthesisInput(config, limits);
  options.signal?.throwIfAborted();
  const request: SynthesisRequest = {
    kind,
    config,
    outdir,
    maxOutputBytes: limits.maxOutputBytes,
    extendStackModule: options.extendStackModule,
  };
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    workerData: {
      [WORKER_MARK]: request,
      module: __filename,
      loader: sourceLoader(),
    },
    resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb },
    stdout: false,
    stderr: false,
  });
  stats.started += 1;
  stats.running += 1;
  const exited = new Promise<void>(resolve =>
    worker.once('exit', () => {
      stats.running -= 1;
      resolve();
    }),
  );
  const label = `${config.meshId} (${config.tier})`;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    const reply = await new Promise<SynthesisReply>((resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `Synthesis of mesh ${label} did not finish within ${
                limits.timeoutMs / 1000
              } s (agentMeshScaffolder.synth.timeout); its worker was stopped`,
            ),
          ),
        limits.timeoutMs,
      );
      onAbort = () =>
        reject(
          new Error(
            `Synthesis of mesh ${label} was cancelled; its worker was stopped`,
          ),
        );
      options.signal?.addEventListener('abort', onAbort, { once: true });
      worker.once('message', resolve);
      worker.once('error', (error: Error) => {
        const code = (error as NodeJS.ErrnoException).code;
        reject(
          new Error(
            code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `Synthesis of mesh ${label} ran out of memory (agentMeshScaffolder.synth.maxOldGenerationSizeMb is ${limits.maxOldGenerationSizeMb}); its worker was stopped`
              : `Synthesis of mesh ${label} failed in its worker: ${error.message}`,
          ),
        );
      });
      worker.once('exit', code =>
        reject(
          new Error(
            `The synthesis worker of mesh ${label} exited (code ${code}) without a result`,
          ),
        ),
      );
    });
    if (!reply.ok) {
      if (reply.kind === 'props') throw new InputError(reply.message);
      if (reply.kind === 'output') throw new Error(reply.message);
      throw new Error(
        `Synthesis of mesh ${label} failed in its worker: ${reply.message}`,
      );
    }
    if (Buffer.byteLength(reply.json, 'utf8') > limits.maxOutputBytes) {
      throw new Error(
        `The synthesis result is larger than the ${limits.maxOutputBytes} bytes agentMeshScaffolder.synth.maxOutputBytes allows`,
      );
    }
    return JSON.parse(reply.json) as SynthesisResult<K>;
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
    // Whether it answered, failed or timed out, the worker is gone before the caller goes on.
    await worker.terminate();
    await exited;
  }
}

// In a synthesis worker, loading this module answers its request. A top-level statement (not an export) so that
// the build, which drops exports nothing imports, keeps it.
if (!isMainThread && parentPort && workerData?.[WORKER_MARK]) {
  parentPort.postMessage(runSynthesisRequest(workerData[WORKER_MARK]));
}
