import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';

/** Reads a positive duration at `agentMesh.<key>`, with the key in the error; `root` is the `agentMesh` config. */
export function readDuration(
  root: Config | undefined,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  if (!root?.has(key)) {
    return fallback;
  }
  let duration: HumanDuration;
  try {
    duration = readDurationFromConfig(root, { key });
  } catch (error) {
    throw new Error(
      `Invalid config at 'agentMesh.${key}': expected a duration such as { minutes: 1 }, '1m' or 'PT1M'. ${
        (error as Error).message
      }`,
    );
  }
  if (durationToMilliseconds(duration) <= 0) {
    throw new Error(
      `Invalid config at 'agentMesh.${key}': the duration must be longer than zero.`,
    );
  }
  return duration;
}
