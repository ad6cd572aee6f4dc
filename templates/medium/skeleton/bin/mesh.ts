import * as path from 'node:path';
import { buildMeshApp } from '../lib/mesh-app';
import { loadMeshConfig } from '../lib/mesh-config';

// `cdk synth` / `cdk deploy` run this file; the CDK CLI synthesizes the app when it exits.
buildMeshApp(loadMeshConfig(path.join(__dirname, '..', 'mesh.config.json')));
