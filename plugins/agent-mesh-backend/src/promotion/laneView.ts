import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  AgentLane,
  ListLanesResponse,
} from '@agent-mesh/plugin-agent-mesh-common';
import { PromotionStores } from '../database/promotionStores';
import { toApiRequest } from '../database/KnexPromotionRequestStore';
import { SnapshotStore } from '../database/SnapshotStore';
import { ResolvedMesh } from '../service/meshAccess';
import { CurrentLane, currentLanes } from './currentLanes';
import { demotableTo, MeshPolicy, promotableTo } from './meshPolicy';

/** Reads lanes as the portal knows them: the stored snapshot overlaid by the newer changes in the history. */
export class LaneView {
  constructor(
    private readonly deps: {
      store: Pick<SnapshotStore, 'getSnapshot'>;
      stores: Pick<PromotionStores, 'history' | 'requests'>;
    },
  ) {}

  async list(
    mesh: ResolvedMesh,
    policy: MeshPolicy,
  ): Promise<ListLanesResponse> {
    const [stored, changes, pending] = await Promise.all([
      this.deps.store.getSnapshot(mesh.entityRef),
      this.deps.stores.history.latestLaneChanges(mesh.entityRef),
      this.deps.stores.requests.list(mesh.entityRef, { status: 'pending' }),
    ]);
    const lanes = currentLanes(stored?.snapshot, changes);
    const agents = stored?.snapshot.agents ?? [];
    const items: AgentLane[] = [...lanes.entries()].map(([agent, lane]) => {
      const snapshot = agents.find(a => a.name === agent);
      const item: AgentLane = {
        agent,
        lane: lane.lane,
        version: lane.version,
        source: lane.source,
        demotableTo: demotableTo(policy, lane.lane),
      };
      if (snapshot?.entityRef) item.entityRef = snapshot.entityRef;
      if (snapshot?.title) item.title = snapshot.title;
      if (lane.updatedAt && !Number.isNaN(Date.parse(lane.updatedAt))) {
        item.updatedAt = new Date(lane.updatedAt).toISOString();
      }
      if (lane.updatedBy) item.updatedBy = lane.updatedBy;
      const up = promotableTo(policy, lane.lane);
      if (up) item.promotableTo = up;
      const request = pending.find(r => r.agent === agent);
      if (request) item.pendingRequest = toApiRequest(request);
      return item;
    });
    const panel = stored?.snapshot.lanes;
    const body: ListLanesResponse = {
      status: panel?.status ?? 'pending',
      environment: policy.environment,
      lanes: [...policy.lanes],
      items,
    };
    if (panel?.error) body.error = panel.error;
    if (panel?.fetchedAt) body.fetchedAt = panel.fetchedAt;
    return body;
  }

  /**
   * One agent's current lane. 404 when the mesh has a snapshot and neither it nor the history knows the
   * agent; before the first snapshot every agent is read_only at version 0.
   */
  async get(mesh: ResolvedMesh, agent: string): Promise<CurrentLane> {
    const [stored, changes] = await Promise.all([
      this.deps.store.getSnapshot(mesh.entityRef),
      this.deps.stores.history.latestLaneChanges(mesh.entityRef),
    ]);
    const lane = currentLanes(stored?.snapshot, changes).get(agent);
    if (lane) return lane;
    if (stored) {
      throw new NotFoundError(
        `No agent ${agent} in agent mesh ${mesh.entityRef}`,
      );
    }
    return { lane: 'read_only', version: 0, source: 'default' };
  }
}

/** 409 when the agent is in the top lane of its mesh's tier. */
export function requirePromotable(
  policy: MeshPolicy,
  agent: string,
  lane: CurrentLane,
) {
  const to = promotableTo(policy, lane.lane);
  if (!to) {
    throw new ConflictError(
      `Agent ${agent} is in ${
        lane.lane
      }, the top lane of this mesh (lanes: ${policy.lanes.join(' → ')})`,
    );
  }
  return to;
}
