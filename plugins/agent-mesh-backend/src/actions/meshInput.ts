import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';

/** The zod the actions registry hands a schema function. */
type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

/** The pattern of a catalog namespace and entity name, as the HTTP routes' path parameters have it. */
const ENTITY_NAME = /^[a-zA-Z0-9._-]{1,63}$/;

/** The input fields that name a mesh's System entity, shared by every Agent Mesh action. */
export function meshInput(z: Zod) {
  return {
    namespace: z
      .string()
      .regex(ENTITY_NAME)
      .default('default')
      .describe('The catalog namespace of the mesh, usually default'),
    name: z
      .string()
      .regex(ENTITY_NAME)
      .describe('The name of the mesh’s System entity, e.g. billing-staging'),
  };
}
