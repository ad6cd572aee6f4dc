// @ts-check

/**
 * Lane promotions: the history of every change, promotion requests waiting for a second person, the answers
 * kept for idempotent retries, and the outbox of bus events not yet put on the mesh's bus.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('agent_mesh_history', table => {
    table.comment(
      'Every promotion, demotion, request, approval, rejection, expiry and run decision; append only',
    );
    table.bigIncrements('id').primary();
    table.string('mesh_ref', 255).notNullable();
    table.bigInteger('at').notNullable().comment('Epoch milliseconds');
    table
      .string('actor', 255)
      .notNullable()
      .comment('User or service entity ref, or system');
    table.string('action', 32).notNullable();
    table.string('agent', 64).notNullable();
    table.string('from_lane', 16).nullable();
    table.string('to_lane', 16).nullable();
    table
      .integer('version')
      .nullable()
      .comment('The lane item version after the change');
    table.text('reason').nullable();
    table.string('request_id', 64).nullable();
    table.string('execution_name', 80).nullable();
    table.index(['mesh_ref', 'id'], 'agent_mesh_history_mesh_idx');
    table.index(['mesh_ref', 'agent', 'id'], 'agent_mesh_history_agent_idx');
  });

  await knex.schema.createTable('agent_mesh_promotion_requests', table => {
    table.comment('Promotions waiting for a second person, and how they ended');
    table.string('id', 64).primary();
    table.string('mesh_ref', 255).notNullable();
    table.string('mesh_id', 64).notNullable();
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.string('agent', 64).notNullable();
    table.string('from_lane', 16).notNullable();
    table.string('to_lane', 16).notNullable();
    table.integer('from_version').notNullable();
    table.string('status', 16).notNullable();
    table
      .string('pending_key', 340)
      .nullable()
      .unique({ indexName: 'agent_mesh_promotion_requests_pending_uq' })
      .comment(
        'mesh_ref|agent while pending, else null: at most one pending request per agent',
      );
    table.string('requested_by', 255).notNullable();
    table.bigInteger('requested_at').notNullable();
    table.bigInteger('expires_at').notNullable();
    table.text('reason').nullable();
    table.string('decided_by', 255).nullable();
    table.bigInteger('decided_at').nullable();
    table.text('decision_reason').nullable();
    table.index(
      ['mesh_ref', 'status'],
      'agent_mesh_promotion_requests_mesh_idx',
    );
    table.index(
      ['status', 'expires_at'],
      'agent_mesh_promotion_requests_expiry_idx',
    );
  });

  await knex.schema.createTable('agent_mesh_idempotency', table => {
    table.comment(
      'The first answer to a lane change per (mesh, actor, key), returned to retries',
    );
    table.string('mesh_ref', 255).notNullable();
    table.string('actor', 255).notNullable();
    table.string('key', 128).notNullable();
    table
      .string('fingerprint', 64)
      .notNullable()
      .comment('SHA-256 of the operation and body');
    table
      .integer('status')
      .nullable()
      .comment('Null while the first request is in progress');
    table.text('body').nullable();
    table.bigInteger('created_at').notNullable();
    table.primary(['mesh_ref', 'actor', 'key']);
  });

  await knex.schema.createTable('agent_mesh_outbox', table => {
    table.comment(
      'Bus events written with their change, deleted once EventBridge took them',
    );
    table.bigIncrements('id').primary();
    table.string('mesh_ref', 255).notNullable();
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.string('bus_name', 256).notNullable();
    table.string('detail_type', 64).notNullable();
    table.text('detail').notNullable();
    table.bigInteger('event_time').notNullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.text('last_error').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('agent_mesh_outbox');
  await knex.schema.dropTable('agent_mesh_idempotency');
  await knex.schema.dropTable('agent_mesh_promotion_requests');
  await knex.schema.dropTable('agent_mesh_history');
};
