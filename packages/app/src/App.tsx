import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';

/*
 * Plugins are discovered from this package's dependencies (`app.packages: all` in app-config.yaml), which is
 * how `@agent-mesh/plugin-agent-mesh/alpha` is installed; the catalog is listed to make it the first feature.
 */
export default createApp({
  features: [catalogPlugin, navModule],
});
