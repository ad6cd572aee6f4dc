import * as path from 'node:path';

/**
 * The folder of the webhook handlers. Resolved from the package's own manifest because after the
 * build the code lives in `dist/` while the handlers ship unbundled in `src/integrations/handlers`.
 */
export function webhookHandlersPath(): string {
  const manifest = require.resolve('@agent-mesh/infra-constructs/package.json');
  return path.join(path.dirname(manifest), 'src', 'integrations', 'handlers');
}
