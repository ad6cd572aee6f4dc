/*
 * The Backstage backend that runs the Agent Mesh product locally and in end-to-end tests.
 * Production adopters install the same plugins into their own backend; see the root README.
 */

// First: the meter provider must exist before any plugin asks for a meter.
import './instrumentation';
import { createBackend } from '@backstage/backend-defaults';
import { localReviewerAuthModule } from './auth/localReviewerAuthModule';
import { permissionPolicyModule } from './permissions/permissionPolicyModule';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
backend.add(localReviewerAuthModule);

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(permissionPolicyModule);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@agent-mesh/plugin-scaffolder-backend-module-agent-mesh'));
// Local app only: publish:local (no GitHub token here), its file: URL reader, meshes created in the embedded AWS.
backend.add(
  import('@agent-mesh/plugin-scaffolder-backend-module-agent-mesh-local'),
);

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Approval requests of the meshes' approvals queues reach the events service through the SQS module.
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-events-backend-module-aws-sqs'));
// Agents in a mesh reach the portal's actions (mesh status, promotion requests) over MCP.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.add(import('@agent-mesh/plugin-agent-mesh-backend'));
backend.add(import('local-aws'));

// A plugin that fails to start (for example on bad config) must stop the process, with the reason, rather than
// leave a half-started backend running.
backend.start().catch(error => {
  process.stderr.write(`Backend startup failed: ${error?.message ?? error}\n`);
  process.exit(1);
});
