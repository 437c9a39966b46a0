/**
 * Reads src/db/schema.ts with the TypeScript compiler: for every table of the
 * `DB` interface, its columns and whether each column's select type admits null
 * and its insert type admits undefined (Generated<…>, ColumnType<…, … | undefined, …>).
 */
import path from 'node:path';
import ts from 'typescript';

export interface DeclaredColumn {
  nullable: boolean;
  optionalOnInsert: boolean;
}

export type DeclaredSchema = Map<string, Map<string, DeclaredColumn>>;

const SCHEMA_FILE = path.resolve(import.meta.dirname, '../../src/db/schema.ts');

function hasFlag(type: ts.Type, flag: ts.TypeFlags): boolean {
  return type.isUnion() ? type.types.some((t) => (t.flags & flag) !== 0) : (type.flags & flag) !== 0;
}

export function readDeclaredSchema(file = SCHEMA_FILE): DeclaredSchema {
  const program = ts.createProgram([file], { strict: true, skipLibCheck: true, noEmit: true, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`cannot read ${file}`);
  const db = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'DB');
  if (!db) throw new Error('src/db/schema.ts has no `interface DB`');
  const schema: DeclaredSchema = new Map();
  for (const table of checker.getTypeAtLocation(db).getProperties()) {
    const columns = new Map<string, DeclaredColumn>();
    const tableType = checker.getTypeOfSymbolAtLocation(table, db);
    for (const column of tableType.getProperties()) {
      const columnType = checker.getTypeOfSymbolAtLocation(column, db);
      const select = columnType.getProperty('__select__');
      const insert = columnType.getProperty('__insert__');
      const selectType = select ? checker.getTypeOfSymbolAtLocation(select, db) : columnType;
      const insertType = insert ? checker.getTypeOfSymbolAtLocation(insert, db) : columnType;
      columns.set(column.name, {
        nullable: hasFlag(selectType, ts.TypeFlags.Null),
        optionalOnInsert: hasFlag(insertType, ts.TypeFlags.Undefined) || hasFlag(insertType, ts.TypeFlags.Never) || hasFlag(insertType, ts.TypeFlags.Null),
      });
    }
    schema.set(table.name, columns);
  }
  return schema;
}
