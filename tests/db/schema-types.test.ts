/**
 * src/db/schema.ts is written by hand; this test holds it to the database that
 * the migrations build: the same tables, the same columns, a column's select
 * type admits null exactly when the column is nullable, and a column the types
 * let an insert leave out has a default (or is nullable or an identity).
 */
import { describe, expect, it } from 'vitest';
import { useTestDatabase, testEngines } from '../helpers/db';
import { readDeclaredSchema, type DeclaredSchema } from '../helpers/schema-types';

interface ActualColumn {
  nullable: boolean;
  hasDefault: boolean;
}

const declared: DeclaredSchema = readDeclaredSchema();

function describeSchema(schema: Map<string, Map<string, unknown>>): Record<string, string[]> {
  return Object.fromEntries([...schema].map(([table, columns]) => [table, [...columns.keys()].sort()]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}

describe.each(testEngines())('src/db/schema.ts against the migrated database on %s', (engine) => {
  const t = useTestDatabase(engine);

  async function actualSchema(): Promise<Map<string, Map<string, ActualColumn>>> {
    const { rows } = await t.database.withSession((run) =>
      run(`select c.table_name, c.column_name, c.is_nullable, c.column_default, c.is_identity, c.is_generated
             from information_schema.columns c
             join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
            where c.table_schema = 'public' and tb.table_type = 'BASE TABLE'
            order by c.table_name, c.ordinal_position`),
    );
    const schema = new Map<string, Map<string, ActualColumn>>();
    for (const r of rows) {
      const table = String(r.table_name);
      if (!schema.has(table)) schema.set(table, new Map());
      schema.get(table)!.set(String(r.column_name), {
        nullable: r.is_nullable === 'YES',
        hasDefault: r.column_default !== null || r.is_identity === 'YES' || r.is_generated === 'ALWAYS',
      });
    }
    return schema;
  }

  it('declares every table and every column, and nothing the database lacks', async () => {
    expect(describeSchema(declared)).toEqual(describeSchema(await actualSchema()));
  });

  it('admits null exactly on the nullable columns', async () => {
    const actual = await actualSchema();
    const mismatches: string[] = [];
    for (const [table, columns] of actual) {
      for (const [column, a] of columns) {
        const d = declared.get(table)?.get(column);
        if (d && d.nullable !== a.nullable) {
          mismatches.push(`${table}.${column}: database ${a.nullable ? 'nullable' : 'not null'}, schema.ts ${d.nullable ? 'admits null' : 'does not admit null'}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('lets an insert leave out only the columns the database can fill in', async () => {
    const actual = await actualSchema();
    const mismatches: string[] = [];
    for (const [table, columns] of actual) {
      for (const [column, a] of columns) {
        const d = declared.get(table)?.get(column);
        if (d?.optionalOnInsert && !a.nullable && !a.hasDefault) {
          mismatches.push(`${table}.${column}: optional on insert in schema.ts, but not null without a default`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
