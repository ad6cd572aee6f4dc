import { Match } from 'aws-cdk-lib/assertions';

/** Test support: the statement `enforceSSL` adds to a resource policy, denying every request without TLS. */
export const DENY_WITHOUT_TLS = Match.objectLike({
  Effect: 'Deny',
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});
