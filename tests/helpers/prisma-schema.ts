/**
 * A small reader of schema.prisma, enough to check that the migrations build the same database:
 * models, their scalar columns (type, optional, list), enums, and unique/index declarations.
 * (Prisma's own `migrate diff` needs an engine binary that cannot be installed here.)
 */
export interface PrismaColumn {
  name: string;
  type: string;
  optional: boolean;
  list: boolean;
  isId: boolean;
  unique: boolean;
}

export interface PrismaModel {
  name: string;
  columns: PrismaColumn[];
  uniques: string[][];
  indexes: string[][];
  compositeId?: string[];
}

export interface PrismaSchema {
  models: PrismaModel[];
  enums: Map<string, string[]>;
}

const scalarTypes = new Set(['String', 'Int', 'BigInt', 'Boolean', 'DateTime', 'Json', 'Float', 'Decimal', 'Bytes']);

function fieldList(attr: string): string[] {
  const m = /\[([^\]]*)\]/.exec(attr);
  return m ? m[1]!.split(',').map((s) => s.trim().replace(/\(.*\)$/, '')).filter(Boolean) : [];
}

export function parsePrismaSchema(text: string): PrismaSchema {
  const clean = text.replace(/\/\/.*$/gm, '');
  const enums = new Map<string, string[]>();
  for (const m of clean.matchAll(/enum\s+(\w+)\s*\{([^}]*)\}/g)) {
    enums.set(m[1]!, m[2]!.split(/\s+/).filter((w) => w && !w.startsWith('@')));
  }
  const models: PrismaModel[] = [];
  for (const m of clean.matchAll(/model\s+(\w+)\s*\{([^}]*)\}/g)) {
    const model: PrismaModel = { name: m[1]!, columns: [], uniques: [], indexes: [] };
    for (const rawLine of m[2]!.split('\n')) {
      const line = rawLine.trim();
      if (!line) continue;
      if (line.startsWith('@@unique')) model.uniques.push(fieldList(line));
      else if (line.startsWith('@@index')) model.indexes.push(fieldList(line));
      else if (line.startsWith('@@id')) model.compositeId = fieldList(line);
      else {
        const f = /^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
        if (!f) continue;
        const [, name, type, list, optional, rest] = f;
        if (!scalarTypes.has(type!) && !enums.has(type!)) continue; // a relation field, not a column
        model.columns.push({ name: name!, type: type!, optional: Boolean(optional), list: Boolean(list), isId: /@id\b/.test(rest!), unique: /@unique\b/.test(rest!) });
      }
    }
    models.push(model);
  }
  // Enums may be declared after the models that use them: re-read columns of enum type.
  return { models, enums };
}

/** The PostgreSQL type Prisma's migrations give a column of this Prisma type. */
export function postgresTypeOf(column: PrismaColumn, enums: Map<string, string[]>): string {
  if (column.list) return 'ARRAY';
  if (enums.has(column.type)) return 'USER-DEFINED';
  const map: Record<string, string> = {
    String: 'text',
    Int: 'integer',
    BigInt: 'bigint',
    Boolean: 'boolean',
    DateTime: 'timestamp without time zone',
    Json: 'jsonb',
    Float: 'double precision',
    Decimal: 'numeric',
    Bytes: 'bytea',
  };
  return map[column.type] ?? column.type;
}
