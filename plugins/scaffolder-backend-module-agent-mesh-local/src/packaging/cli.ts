/* eslint-disable no-console */
// Packs @agent-mesh/infra-constructs and the workspace packages it depends on, for generated repositories:
//   yarn workspace @agent-mesh/plugin-scaffolder-backend-module-agent-mesh-local pack:workspace [outDir]
import path from 'node:path';
import {
  defaultTarballDirectory,
  packWorkspacePackages,
} from './packWorkspacePackages';

const outDir = process.argv[2]
  ? path.resolve(process.argv[2])
  : defaultTarballDirectory();
const tarballs = packWorkspacePackages(outDir, message => console.log(message));
for (const file of Object.values(tarballs)) {
  console.log(file);
}
