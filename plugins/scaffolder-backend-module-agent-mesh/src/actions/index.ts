import { TemplateAction } from '@backstage/plugin-scaffolder-node';

/** Every Agent Mesh template action, in the order the templates use them. */
export function agentMeshActions(): TemplateAction<any, any, any>[] {
  return [];
}
