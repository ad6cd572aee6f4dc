import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { AgentMeshScaffolderConfig } from '../config/agentMeshScaffolderConfig';
import { createEstimateCostAction } from './estimateCost';
import { createLockPackagesAction } from './lockPackages';
import { createResolvePackagesAction } from './resolvePackages';
import { createSynthMeshAction } from './synthMesh';
import { createValidateMeshAction } from './validateMesh';

/** Every Agent Mesh template action, in the order the templates use them. */
export function agentMeshActions(
  config: AgentMeshScaffolderConfig,
): TemplateAction<any, any, any>[] {
  return [
    createResolvePackagesAction({
      tarballDirectory: config.tarballDirectory,
      registry: config.registry,
    }),
    createLockPackagesAction(),
    createValidateMeshAction({ limits: config.synth }),
    createSynthMeshAction({ limits: config.synth }),
    createEstimateCostAction({ limits: config.synth }),
  ];
}
