import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { NotAllowedError } from '@backstage/errors';

/**
 * A second local sign-in, next to guest, so the two-person rule can be tried on the local app: provider
 * `reviewer` signs in as `auth.providers.reviewer.userEntityRef` (catalog/org.yaml: a member of the approver
 * group). Like the guest provider it refuses to work outside development, and it exists only where
 * `auth.providers.reviewer` is configured (app-config.yaml; never app-config.production.yaml). The browser
 * journeys use it by sending the app's guest sign-in to this provider.
 */
export const localReviewerAuthModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'local-reviewer-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        const reviewer = config.getOptionalConfig('auth.providers.reviewer');
        if (!reviewer) return;
        const userEntityRef = reviewer.getString('userEntityRef');
        providers.registerProvider({
          providerId: 'reviewer',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async () => ({ profile: {} }),
              initialize: () => process.env.NODE_ENV === 'development',
              async authenticate(_, enabled) {
                if (!enabled) {
                  throw new NotAllowedError(
                    'The reviewer sign-in exists for the local app only (development mode)',
                  );
                }
                return { result: {} };
              },
            }),
            signInResolver: async (_, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: userEntityRef }),
          }),
        });
      },
    });
  },
});
