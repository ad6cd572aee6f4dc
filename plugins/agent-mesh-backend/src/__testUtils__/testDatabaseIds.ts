import { TestDatabaseId } from '@backstage/backend-test-utils';

const POSTGRES_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/**
 * The databases a store test runs on: SQLite always, PostgreSQL 15 when CI=true (at the local default address
 * unless the variable says otherwise) or when the variable is set. Says so when PostgreSQL is left out.
 */
export function testDatabaseIds(suite: string): TestDatabaseId[] {
  if (process.env.CI === 'true' && !process.env[POSTGRES_ENV]) {
    process.env[POSTGRES_ENV] = 'postgresql://postgres@127.0.0.1:5432';
  }
  if (!process.env[POSTGRES_ENV]) {
    // eslint-disable-next-line no-console
    console.log(
      `${suite} runs on SQLite only; set CI=true or ${POSTGRES_ENV}=postgresql://postgres@127.0.0.1:5432 to add PostgreSQL 15.`,
    );
    return ['SQLITE_3'];
  }
  return ['SQLITE_3', 'POSTGRES_15'];
}
