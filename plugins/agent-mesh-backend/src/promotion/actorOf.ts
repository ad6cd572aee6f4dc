import { BackstageCredentials } from '@backstage/backend-plugin-api';

/** The entity ref history and audit name for the caller: the user's entity ref, or the service's subject. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef;
  }
  if (principal.type === 'service' && principal.subject) {
    return principal.subject;
  }
  return 'unknown';
}
