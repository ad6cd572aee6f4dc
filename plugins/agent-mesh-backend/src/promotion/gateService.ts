import { durationToMilliseconds } from '@backstage/types';
import { GateReport, Lane } from '@agent-mesh/plugin-agent-mesh-common';
import { ArtifactsService } from '../aws/artifactsService';
import { toSourceError } from '../aws/sourceError';
import { AgentMeshConfig } from '../config/agentMeshConfig';
import { SnapshotStore } from '../database/SnapshotStore';
import { ResolvedMesh } from '../service/meshAccess';
import { evaluateGates } from './gates/evaluateGates';
import { GateInput } from './gates/gateInput';
import { MeshPolicy } from './meshPolicy';

/** Evaluates the gates of a promotion from the latest stored snapshot plus the artifacts bucket. */
export class GateService {
  constructor(
    private readonly deps: {
      store: Pick<SnapshotStore, 'getSnapshot'>;
      artifacts: ArtifactsService;
      config: AgentMeshConfig;
      now: () => Date;
    },
  ) {}

  async report(
    mesh: Pick<ResolvedMesh, 'entityRef' | 'target'>,
    policy: MeshPolicy,
    change: { agent: string; from: Lane; to: Lane; version: number },
    options?: { freshArtifacts?: boolean },
  ): Promise<GateReport> {
    const { store, artifacts, config } = this.deps;
    const now = this.deps.now();
    const [stored, evidence] = await Promise.all([
      store.getSnapshot(mesh.entityRef),
      artifacts
        .listEvidence(mesh.target, change.agent, {
          fresh: options?.freshArtifacts,
        })
        .then(
          names => ({ ok: true as const, names }),
          error => ({ ok: false as const, error: toSourceError(error) }),
        ),
    ]);
    const input: GateInput = {
      agent: change.agent,
      from: change.from,
      to: change.to,
      stored,
      nowMs: now.getTime(),
      refreshIntervalMs: durationToMilliseconds(config.refreshFrequency),
      thresholds: config.promotion.gates[policy.environment],
      evidence,
      budget: policy.budget,
    };
    const { passed, gates } = evaluateGates(input);
    return {
      agent: change.agent,
      from: change.from,
      to: change.to,
      version: change.version,
      environment: policy.environment,
      evaluatedAt: now.toISOString(),
      passed,
      requiresApproval: policy.secondPerson.includes(change.to),
      gates,
    };
  }
}
