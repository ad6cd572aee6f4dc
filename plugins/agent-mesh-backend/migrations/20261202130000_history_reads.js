// @ts-check

/**
 * Run history reads from Step Functions per mesh and minute, counted in the database so the per-mesh limit
 * holds across replicas.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('agent_mesh_history_reads', table => {
    table.comment('GetExecutionHistory reads per mesh and minute');
    table.string('mesh_ref', 255).notNullable();
    table
      .bigInteger('window_start')
      .notNullable()
      .comment('Epoch milliseconds');
    table.integer('count').notNullable();
    table.primary(['mesh_ref', 'window_start']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('agent_mesh_history_reads');
};
