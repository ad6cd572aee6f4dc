import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { REFRESH_TASK_ID } from '../snapshot/refreshShards';

/**
 * A backend module that holds on to the agent-mesh plugin's scheduler, so a test or the benchmark can run
 * the refresh task when it chooses (start the backend with the mock scheduler's `skipTaskRunOnStartup`).
 */
export function refreshTrigger() {
  let scheduler: SchedulerService | undefined;
  const module = createBackendModule({
    pluginId: 'agent-mesh',
    moduleId: 'refresh-trigger',
    register(reg) {
      reg.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init(deps) {
          scheduler = deps.scheduler;
        },
      });
    },
  });
  return {
    module,
    async refresh() {
      if (!scheduler) {
        throw new Error(
          'the backend has not started the refresh-trigger module',
        );
      }
      // Every shard's task, one after the other.
      const tasks = await scheduler.getScheduledTasks();
      for (const task of tasks.filter(t => t.id.startsWith(REFRESH_TASK_ID))) {
        await scheduler.triggerTask(task.id);
      }
    },
    /** Runs any of the plugin's scheduled tasks now. */
    async trigger(taskId: string) {
      if (!scheduler) {
        throw new Error(
          'the backend has not started the refresh-trigger module',
        );
      }
      await scheduler.triggerTask(taskId);
    },
  };
}
