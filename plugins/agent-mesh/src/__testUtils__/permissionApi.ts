import { mockApis } from '@backstage/test-utils';
import { PermissionApi } from '@backstage/plugin-permission-react';

type Authorize = NonNullable<
  NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
>;
type Decision = Exclude<Authorize, (...args: never[]) => unknown>;

/**
 * A permission API that allows the permissions named in `allowed` (e.g. `agent-mesh.lane.promote`) and denies
 * every other, so a test mounts the real `usePermission` path.
 */
export function permissionApiAllowing(
  ...allowed: string[]
): jest.Mocked<PermissionApi> {
  const fake = mockApis.permission({
    authorize: request =>
      (allowed.includes(request.permission.name)
        ? 'ALLOW'
        : 'DENY') as Decision,
  });
  return { authorize: jest.fn(request => fake.authorize(request)) };
}

let unique = 0;

/**
 * A mesh entity ref no other test used: `usePermission` caches answers by permission and resource ref for
 * the whole test file, so each test that checks a decision asks about its own resource.
 */
export function uniqueMeshEntityRef(): string {
  unique += 1;
  return `system:default/billing-staging-${unique}`;
}
