import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { startLocalAws } from './localAws';

/** The port of the embedded default when `localAws.port` is not set. */
export const DEFAULT_LOCAL_AWS_PORT = 4599;

/** The port of the artifacts S3 (s3rver) when `localAws.s3Port` is not set. */
export const DEFAULT_LOCAL_S3_PORT = 4598;

/** The demo meshes' catalog file when `localAws.catalogFile` is not set, relative to the backend's working directory. */
export const DEFAULT_CATALOG_FILE = '../../catalog/demo-meshes.yaml';

/**
 * Starts the embedded default AWS beside the Agent Mesh backend plugin when `localAws.enabled` is true,
 * so the app's start command brings it up and its shutdown stops it. Module init runs before the plugin's,
 * so the endpoints the plugin is pointed at already answer when it starts.
 */
export const localAwsModule = createBackendModule({
  pluginId: 'agent-mesh',
  moduleId: 'local-aws',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.rootLifecycle,
      },
      async init({ config, logger, lifecycle }) {
        if (!config.getOptionalBoolean('localAws.enabled')) {
          return;
        }
        const started = Date.now();
        provideStaticCredentials(logger);
        const now = config.getOptionalString('localAws.now');
        const catalogFile = resolve(
          process.cwd(),
          config.getOptionalString('localAws.catalogFile') ??
            DEFAULT_CATALOG_FILE,
        );
        const running = await startLocalAws({
          host: config.getOptionalString('localAws.host'),
          port:
            config.getOptionalNumber('localAws.port') ?? DEFAULT_LOCAL_AWS_PORT,
          s3Port:
            config.getOptionalNumber('localAws.s3Port') ??
            DEFAULT_LOCAL_S3_PORT,
          seed:
            config.getOptional<string | number>('localAws.seed') ?? undefined,
          now: now === undefined ? undefined : Date.parse(now),
          catalogFile,
          historyDays: config.getOptionalNumber('localAws.historyDays'),
          liveRuns: config.getOptionalBoolean('localAws.liveRuns'),
          runsPerHour: config.getOptionalNumber('localAws.runsPerHour'),
          tickMs:
            (config.getOptionalNumber('localAws.tickSeconds') ?? 5) * 1000,
          // Random at every start unless config sets it; never logged.
          controlToken: config.getOptionalString('localAws.controlToken'),
          controlAllowedOrigins: config.getOptionalStringArray(
            'localAws.controlAllowedOrigins',
          ),
        });
        const tokenFileSetting = config.getOptionalString(
          'localAws.controlTokenFile',
        );
        const tokenFile = tokenFileSetting
          ? resolve(process.cwd(), tokenFileSetting)
          : undefined;
        if (tokenFile) {
          try {
            await writeControlTokenFile(tokenFile, running.controlToken);
          } catch (error) {
            await running.close();
            throw error;
          }
        }
        const meshes = [...running.world().meshes.keys()];
        logger.info(
          `Embedded AWS listening on ${running.url} (S3 on ${
            running.s3Url
          }) with ${meshes.length} demo mesh(es) [${meshes.join(
            ', ',
          )}] from ${catalogFile}, ready in ${
            Date.now() - started
          } ms; its control API (/_local/) needs the header x-agent-mesh-local-token${
            tokenFile ? `, whose value is in ${tokenFile}` : ''
          }`,
        );
        lifecycle.addShutdownHook(async () => {
          await running.close();
          if (tokenFile)
            await removeControlTokenFile(tokenFile, running.controlToken);
        });
      },
    });
  },
});

/**
 * Writes the control token where the developer's tools (curl, the browser journeys) read it: a file only its
 * owner can read (mode 0600), so another local user or a web page cannot.
 */
async function writeControlTokenFile(file: string, token: string) {
  await mkdir(dirname(file), { recursive: true });
  // Removed first: writeFile keeps the mode of a file that exists.
  await rm(file, { force: true });
  await writeFile(file, token, { mode: 0o600, flag: 'wx' });
}

/** Removes the token file at shutdown, unless another start has written its own token there since. */
async function removeControlTokenFile(file: string, token: string) {
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current === token) await rm(file, { force: true });
}

/** The keys the embedded default accepts (it checks none). */
const LOCAL_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'agent-mesh-local',
  AWS_SECRET_ACCESS_KEY: 'agent-mesh-local',
};

/**
 * Modules of other plugins build their own SDK clients with the default credential chain (the events SQS module
 * reading the approvals queues does); on a developer machine without AWS keys that chain finds none. Only when
 * the embedded default runs, and only when the environment names no credentials, static keys are set for it.
 */
function provideStaticCredentials(logger: { info(message: string): void }) {
  if (
    process.env.AWS_ACCESS_KEY_ID ||
    process.env.AWS_PROFILE ||
    process.env.AWS_WEB_IDENTITY_TOKEN_FILE
  ) {
    return;
  }
  Object.assign(process.env, LOCAL_CREDENTIALS);
  logger.info(
    'No AWS credentials in the environment: static keys set for SDK clients of other plugins (the embedded AWS accepts any)',
  );
}
