import { agentEvidencePrefix } from '@agent-mesh/plugin-agent-mesh-common';
import { GateCheck } from './gateInput';

/** Every required artifact lies under the agent's evidence prefix in the mesh's artifacts bucket. */
export const requiredArtifacts: GateCheck = input => {
  const required = input.thresholds.requiredArtifacts;
  const prefix = agentEvidencePrefix(input.agent);
  const base = {
    name: 'required_artifacts' as const,
    title: `Evidence under ${prefix}: ${
      required.join(', ') || 'none required'
    }`,
    threshold: required.length,
  };
  if (!input.evidence.ok) {
    return {
      ...base,
      passed: false,
      missing: required,
      reason: `The artifacts bucket could not be listed: ${input.evidence.error.name}: ${input.evidence.error.message}`,
    };
  }
  const present = new Set(input.evidence.names);
  const missing = required.filter(name => !present.has(name));
  return {
    ...base,
    passed: missing.length === 0,
    value: required.length - missing.length,
    missing,
    reason:
      missing.length === 0
        ? `All ${required.length} required artifacts are present`
        : `Missing under ${prefix}: ${missing.join(', ')}`,
  };
};
