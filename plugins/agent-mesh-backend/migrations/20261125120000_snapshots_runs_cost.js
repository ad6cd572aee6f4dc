// @ts-check

/**
 * Snapshots, runs and cached Cost Explorer answers, per mesh (by catalog entity ref).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('agent_mesh_snapshots', table => {
    table.comment('The last snapshot of each mesh, written by the scheduled refresh');
    table.string('mesh_ref', 255).primary().notNullable();
    table.string('mesh_id', 64).notNullable();
    table.bigInteger('refreshed_at').notNullable().comment('Epoch milliseconds');
    table.text('snapshot').notNullable().comment('MeshSnapshot as JSON');
  });

  await knex.schema.createTable('agent_mesh_runs', table => {
    table.comment('Step Functions executions of each mesh, read incrementally');
    table.string('mesh_ref', 255).notNullable();
    table.string('name', 80).notNullable();
    table.string('execution_arn', 512).notNullable();
    table.string('agent', 64).nullable();
    table.string('lane', 16).nullable();
    table.string('status', 16).notNullable();
    table.bigInteger('start_ms').notNullable();
    table.bigInteger('stop_ms').nullable();
    table.text('history').nullable().comment('Event history as JSON, kept once read');
    table.bigInteger('history_fetched_at').nullable();
    table.boolean('history_final').notNullable().defaultTo(false);
    table.primary(['mesh_ref', 'name']);
    table.index(['mesh_ref', 'start_ms'], 'agent_mesh_runs_start_idx');
    table.index(['mesh_ref', 'status'], 'agent_mesh_runs_status_idx');
  });

  await knex.schema.createTable('agent_mesh_cost', table => {
    table.comment('The last Cost Explorer answer of each mesh, kept for agentMesh.cost.cacheTtl');
    table.string('mesh_ref', 255).primary().notNullable();
    table.bigInteger('fetched_at').notNullable().comment('Epoch milliseconds');
    table.text('bundle').nullable().comment('CostBundle as JSON, from the last successful fetch');
    table.bigInteger('bundle_fetched_at').nullable();
    table.text('error').nullable().comment('{ name, message } of the last failed fetch');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('agent_mesh_cost');
  await knex.schema.dropTable('agent_mesh_runs');
  await knex.schema.dropTable('agent_mesh_snapshots');
};
