// @ts-check

/**
 * How many Cost Explorer requests were sent for a mesh on one UTC day, so the daily bound holds across
 * replicas and restarts (each request is charged).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('agent_mesh_cost', table => {
    table.string('requests_day', 10).nullable().comment('UTC day, YYYY-MM-DD');
    table
      .integer('requests_count')
      .notNullable()
      .defaultTo(0)
      .comment('Cost Explorer requests sent on requests_day');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('agent_mesh_cost', table => {
    table.dropColumn('requests_day');
    table.dropColumn('requests_count');
  });
};
