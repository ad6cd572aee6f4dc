import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import path from 'node:path';

/**
 * The limits of a synthesis in its worker thread (`agentMeshScaffolder.synth`). The input limits are checked
 * before a worker starts; the time and memory limits stop the worker; the output limit caps what it sends back.
 */
export interface SynthLimits {
  /** Wall-clock time a synthesis may take; the worker is terminated after it. */
  timeoutMs: number;
  /** The worker's V8 old-generation heap limit (`resourceLimits.maxOldGenerationSizeMb`). */
  maxOldGenerationSizeMb: number;
  /** Most agents a mesh configuration may list. */
  maxAgents: number;
  /** Most secrets a mesh configuration may declare. */
  maxSecrets: number;
  /** Largest mesh configuration, as JSON, in bytes. */
  maxConfigBytes: number;
  /** Largest result (summary or template JSON) a worker may send back, in bytes. */
  maxOutputBytes: number;
}

/** The synthesis limits when `agentMeshScaffolder.synth` sets none. */
export const DEFAULT_SYNTH_LIMITS: SynthLimits = {
  timeoutMs: 60_000,
  maxOldGenerationSizeMb: 1024,
  // The templates' forms allow 3 core and at most 4 specialized agents; a hand-written configuration gets room.
  maxAgents: 32,
  maxSecrets: 32,
  maxConfigBytes: 64 * 1024,
  maxOutputBytes: 16 * 1024 * 1024,
};

/** The module's settings, read once from `agentMeshScaffolder`. */
export interface AgentMeshScaffolderConfig {
  /** Absolute folder of `@agent-mesh/*` tarballs to vendor into generated repositories, if configured. */
  tarballDirectory?: string;
  /** The registry URL the generated repository's `.npmrc` maps the `@agent-mesh` scope to, if configured. */
  registry?: string;
  /** The limits of the synth and cost actions' syntheses. */
  synth: SynthLimits;
}

function readPositiveInteger(
  config: Config,
  key: string,
  fallback: number,
): number {
  const value = config.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${key} must be a positive whole number, got ${value}`);
  }
  return value;
}

/** Reads `agentMeshScaffolder.synth`; every limit has a default ({@link DEFAULT_SYNTH_LIMITS}). */
export function readSynthLimits(config: Config): SynthLimits {
  const key = 'agentMeshScaffolder.synth';
  let timeoutMs = DEFAULT_SYNTH_LIMITS.timeoutMs;
  if (config.has(`${key}.timeout`)) {
    timeoutMs = durationToMilliseconds(
      readDurationFromConfig(config, { key: `${key}.timeout` }),
    );
    if (!(timeoutMs > 0)) {
      throw new Error(`${key}.timeout must be longer than 0`);
    }
  }
  const d = DEFAULT_SYNTH_LIMITS;
  return {
    timeoutMs,
    maxOldGenerationSizeMb: readPositiveInteger(
      config,
      `${key}.maxOldGenerationSizeMb`,
      d.maxOldGenerationSizeMb,
    ),
    maxAgents: readPositiveInteger(config, `${key}.maxAgents`, d.maxAgents),
    maxSecrets: readPositiveInteger(config, `${key}.maxSecrets`, d.maxSecrets),
    maxConfigBytes: readPositiveInteger(
      config,
      `${key}.maxConfigBytes`,
      d.maxConfigBytes,
    ),
    maxOutputBytes: readPositiveInteger(
      config,
      `${key}.maxOutputBytes`,
      d.maxOutputBytes,
    ),
  };
}

/** Reads the module's settings; a relative path is resolved against the backend's working directory. */
export function readAgentMeshScaffolderConfig(
  config: Config,
): AgentMeshScaffolderConfig {
  const tarballDirectory = config.getOptionalString(
    'agentMeshScaffolder.packages.tarballDirectory',
  );
  const registry = config.getOptionalString(
    'agentMeshScaffolder.packages.registry',
  );
  if (registry !== undefined && !isRegistryUrl(registry)) {
    throw new Error(
      `agentMeshScaffolder.packages.registry must be an http(s) URL without spaces, got ${JSON.stringify(
        registry,
      )}`,
    );
  }
  return {
    tarballDirectory: tarballDirectory
      ? path.resolve(tarballDirectory)
      : undefined,
    registry,
    synth: readSynthLimits(config),
  };
}

/** Whether `value` can go into an `.npmrc` line as a registry: one http(s) URL, nothing else on the line. */
export function isRegistryUrl(value: string): boolean {
  if (/[\s#;]/.test(value)) return false;
  try {
    return ['https:', 'http:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
