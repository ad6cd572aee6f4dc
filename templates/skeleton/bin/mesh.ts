import { buildMeshApp, loadMeshConfig } from '@agent-mesh/infra-constructs';
import * as path from 'node:path';

// `cdk synth` / `cdk deploy` run this file; the CDK CLI synthesizes the app when it exits. The app (the tier
// stack built from mesh.config.json, checked by cdk-nag AwsSolutions) is the construct library's buildMeshApp.
buildMeshApp(loadMeshConfig(path.join(__dirname, '..', 'mesh.config.json')));
