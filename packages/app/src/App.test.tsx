import { createApp } from '@backstage/frontend-defaults';
import agentMeshPlugin from '@agent-mesh/plugin-agent-mesh/alpha';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App, { appFeatures } from './App';

/** A backend token for the guest, as the auth backend's guest provider issues it (unsigned: only read). */
function guestToken(): string {
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({
    sub: 'user:default/guest',
    ent: ['user:default/guest'],
    exp: Math.floor(Date.now() / 1000) + 3600,
  })}.signature`;
}

/**
 * The backend as far as the app asks before and right after sign-in: the guest provider's session, and an
 * empty answer for anything else (no catalog entities, no meshes).
 */
function fakeBackend(): jest.Mock {
  return jest.fn(async (input: RequestInfo | URL) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.includes('/api/auth/guest/refresh')) {
      return new Response(
        JSON.stringify({
          profile: { displayName: 'Guest' },
          backstageIdentity: {
            token: guestToken(),
            identity: {
              type: 'user',
              userEntityRef: 'user:default/guest',
              ownershipEntityRefs: ['user:default/guest'],
            },
          },
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    }
    return new Response(JSON.stringify({ items: [] }), {
      headers: { 'content-type': 'application/json' },
    });
  });
}

const APP_CONFIG = [
  {
    data: {
      app: { title: 'Test', baseUrl: 'http://localhost:3000' },
      backend: { baseUrl: 'http://localhost:7007' },
    },
    context: 'test',
  },
];

describe('App', () => {
  beforeEach(() => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: APP_CONFIG as any,
    };
    window.history.replaceState(null, '', '/');
    window.localStorage.clear();
    global.fetch = fakeBackend();
  });

  async function signIn() {
    await userEvent.click(await screen.findByRole('button', { name: 'Enter' }));
  }

  it('asks to sign in, then renders the sidebar with the catalog first', async () => {
    render(App.createRoot());
    await signIn();

    const nav = await screen.findByRole('navigation', { name: 'sidebar nav' });
    const catalog = await within(nav).findByRole('link', { name: 'Catalog' });
    expect(catalog).toHaveAttribute('href', '/catalog');
  });

  it('mounts the Agent Mesh page at /agent-mesh with its sidebar link, as discovery installs the plugin', async () => {
    // Discovery (`app.packages: all`) is the dev server's; here the discovered plugin is added by hand.
    window.history.replaceState(null, '', '/agent-mesh');
    const app = createApp({ features: [...appFeatures, agentMeshPlugin] });
    render(app.createRoot());
    await signIn();

    const nav = await screen.findByRole('navigation', { name: 'sidebar nav' });
    expect(
      await within(nav).findByRole('link', { name: 'Agent Mesh' }),
    ).toHaveAttribute('href', '/agent-mesh');
    expect(
      await screen.findByRole('heading', { name: 'Agent meshes' }),
    ).toBeInTheDocument();
  });
});
