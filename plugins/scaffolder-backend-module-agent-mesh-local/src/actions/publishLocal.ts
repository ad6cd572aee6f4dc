import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readWorkspaceMeshConfig } from '@agent-mesh/plugin-scaffolder-backend-module-agent-mesh';
import { LocalPublishConfig } from '../config/localPublishConfig';
import { createMeshInLocalAws, systemRefOf } from '../publish/localAwsMeshes';
import { writeLocalGitRepository } from '../publish/localGitRepository';
import { examples } from './publishLocal.examples';

/** A repository folder name: no path separators, no leading dot, so never `.` or `..`. */
export const REPO_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

/**
 * `agent-mesh:publish:local`: for the local app, which has no GitHub token. Writes the workspace as a new git
 * repository under `agentMeshScaffolder.localPublish.directory` and outputs a `catalogInfoUrl` for
 * `catalog:register` (a `file:` URL this module's URL reader serves). When local publishing is disabled it does
 * nothing and outputs `published: false` (the templates do not even run it then: see `agentMeshLocalPublish`).
 */
export function createPublishLocalAction(options: LocalPublishConfig) {
  return createTemplateAction({
    id: 'agent-mesh:publish:local',
    description:
      'Publishes the workspace as a local git repository under agentMeshScaffolder.localPublish.directory (local app only) and creates the mesh in the embedded AWS, best effort. Does nothing when local publishing is disabled.',
    examples,
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .regex(
              REPO_NAME_PATTERN,
              'must be 1-100 letters, digits, ".", "_" or "-", not starting with "." or "-"',
            )
            .describe('Name of the repository folder'),
        sourcePath: z =>
          z
            .string()
            .describe(
              'Folder inside the workspace to publish. Default: the workspace',
            )
            .optional(),
        defaultBranch: z =>
          z
            .string()
            .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/)
            .describe('Default: main')
            .optional(),
        configPath: z =>
          z
            .string()
            .describe(
              'Mesh configuration inside the published folder, for the embedded AWS. Default: mesh.config.json',
            )
            .optional(),
      },
      output: {
        published: z =>
          z.boolean().describe('False when local publishing is disabled'),
        remoteUrl: z =>
          z.string().optional().describe('file: URL of the repository'),
        repoContentsUrl: z =>
          z.string().optional().describe('file: URL of its root folder'),
        catalogInfoUrl: z =>
          z.string().optional().describe('For catalog:register'),
        commitHash: z => z.string().optional(),
        localAws: z =>
          z
            .enum(['created', 'unavailable', 'disabled'])
            .optional()
            .describe('Whether the mesh was created in the embedded AWS'),
      },
    },
    async handler(ctx) {
      if (!options.enabled) {
        ctx.logger.info(
          'Local publishing is disabled (agentMeshScaffolder.localPublish.enabled); nothing to do',
        );
        ctx.output('published', false);
        return;
      }
      const { repoName } = ctx.input;
      const sourceDir = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
      );
      const targetDir = resolveSafeChildPath(options.directory, repoName);
      if (fs.existsSync(targetDir)) {
        throw new InputError(
          `A repository named ${repoName} already exists in ${options.directory}; choose another name`,
        );
      }
      const config = await readWorkspaceMeshConfig(
        sourceDir,
        ctx.input.configPath,
      );
      const profile = ctx.user?.entity?.spec?.profile;
      const commitHash = await writeLocalGitRepository({
        sourceDir,
        targetDir,
        defaultBranch: ctx.input.defaultBranch ?? 'main',
        author: {
          name: profile?.displayName ?? ctx.user?.ref ?? 'Backstage scaffolder',
          email: profile?.email ?? 'scaffolder@localhost',
        },
        message: `Create the ${config.tier} agent mesh ${config.meshId}`,
      });
      const remoteUrl = pathToFileURL(targetDir).href;
      ctx.logger.info(`Published ${remoteUrl} at ${commitHash}`);
      ctx.output('published', true);
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', `${remoteUrl}/`);
      ctx.output(
        'catalogInfoUrl',
        pathToFileURL(path.join(targetDir, 'catalog-info.yaml')).href,
      );
      ctx.output('commitHash', commitHash);
      const catalogInfo = await fs.promises
        .readFile(path.join(targetDir, 'catalog-info.yaml'), 'utf8')
        .catch(() => '');
      ctx.output(
        'localAws',
        await createMeshInLocalAws(
          {
            meshesUrl: options.localAwsMeshesUrl,
            token: options.localAwsControlToken,
            tokenFile: options.localAwsControlTokenFile,
          },
          config,
          ctx.logger,
          systemRefOf(catalogInfo),
        ),
      );
    },
  });
}
