// @ts-check

/**
 * Runs waiting at a mesh's approval gate, as its approvals queue reported them. The task token stays here,
 * on the server: the API names a waiting run by its execution.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('agent_mesh_waiting_runs', table => {
    table.comment('Runs waiting at the approval gate, from the approvals queue');
    table.string('account_id', 12).notNullable();
    table.string('mesh_id', 64).notNullable();
    table.string('execution_name', 80).notNullable();
    table.string('execution_arn', 512).notNullable();
    table.string('agent', 64).notNullable();
    table.string('lane', 16).nullable();
    table.string('verdict', 32).nullable();
    table.text('task_token').notNullable().comment('Never sent to a client');
    table.bigInteger('requested_at').notNullable().comment('Epoch milliseconds');
    table.bigInteger('expires_at').notNullable().comment('Epoch milliseconds');
    table
      .string('status', 16)
      .notNullable()
      .comment('waiting, deciding, approved, rejected or expired');
    table.string('decided_by', 255).nullable();
    table.bigInteger('decided_at').nullable();
    // One row per run: a message delivered twice (SQS is at-least-once) or read by two replicas is kept once.
    table.primary(['account_id', 'mesh_id', 'execution_name']);
    table.index(['account_id', 'mesh_id', 'status'], 'agent_mesh_waiting_status_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('agent_mesh_waiting_runs');
};
