import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';

/**
 * The features the app lists itself: the catalog, to make it the first feature, and the sidebar. The
 * others are discovered from this package's dependencies (`app.packages: all` in app-config.yaml), which
 * is how `@agent-mesh/plugin-agent-mesh/alpha` is installed.
 */
export const appFeatures = [catalogPlugin, navModule];

export default createApp({
  features: appFeatures,
});
