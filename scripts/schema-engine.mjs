// Developer tool: drives Prisma's schema engine (WASM build, no native binary needed) to author
// migrations from prisma/schema.prisma. Applying migrations is the app's job (src/database/migrate.ts).
//
//   node scripts/schema-engine.mjs diff-empty        SQL that creates schema.prisma from nothing
//   node scripts/schema-engine.mjs create <name>    new prisma/migrations/<ts>_<name>/migration.sql
//                                                     (diff of the migrations → schema.prisma; needs `npm run build`)
// Both need a PostgreSQL server to talk to: DATABASE_URL (default: the local server as postgres).
//
// ESM because @prisma/schema-engine-wasm is ESM only.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import pg from 'pg';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const schemaPath = path.join(root, 'prisma/schema.prisma');
const migrationsDir = path.join(root, 'prisma/migrations');
const filters = { externalTables: [], externalEnums: [] };
// The engine connects at start-up even for diff-empty, so a reachable server is needed.
const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

function loadWasm() {
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    message: '',
    set_message(m) {
      this.message = `RuntimeError: ${m}`;
    },
  };
  const require = createRequire(import.meta.url);
  const wasmFile = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
  const instance = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(wasmFile)), {
    './schema_engine_bg.js': engineBindings,
  });
  engineBindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
}

// adapter-pg 7.10 cannot decode PostgreSQL's "char" type (OID 18), which the engine reads while
// introspecting pg_constraint; report such columns as text/Character.
function decodeCharColumnsAsText(adapter) {
  let proto = Object.getPrototypeOf(adapter);
  while (proto && !Object.hasOwn(proto, 'queryRaw')) proto = Object.getPrototypeOf(proto);
  if (!proto || proto.charColumnsPatched) return;
  proto.charColumnsPatched = true;
  const queryRaw = proto.queryRaw;
  proto.queryRaw = async function (query) {
    let charColumns = [];
    const io = Object.create(this);
    io.performIO = async (q) => {
      const result = await this.performIO(q);
      charColumns = [];
      const fields = result.fields.map((f, i) => (f.dataTypeID === 18 ? (charColumns.push(i), { ...f, dataTypeID: 25 }) : f));
      return { fields, rows: result.rows, rowCount: result.rowCount };
    };
    const out = await queryRaw.call(io, query);
    for (const i of charColumns) out.columnTypes[i] = ColumnTypeEnum.Character;
    return out;
  };
}

// Prisma's migrate-dev flow needs a shadow-database hook that this WASM build does not take from
// the adapter; instead the migrations are applied to a scratch database with the app's own runner
// and the engine diffs that (introspected) database against schema.prisma.
async function diffMigrationsToSchema() {
  const { applyMigrations } = createRequire(import.meta.url)(path.join(root, 'dist/src/database/migrate.js'));
  const scratch = `opsync_author_${crypto.randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${scratch}"`);
  const url = new URL(databaseUrl);
  url.pathname = `/${scratch}`;
  try {
    await applyMigrations(url.toString());
    const { engine, schemaFiles } = await createEngine(url.toString());
    const result = await engine.diff({
      from: { tag: 'schemaDatasource', files: schemaFiles, configDir: root },
      to: { tag: 'schemaDatamodel', files: schemaFiles },
      script: true,
      exitCode: null,
      filters,
    });
    return (result.stdout ?? '').replace(/^-- This is an empty migration\.\s*$/m, '');
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    await admin.end();
  }
}

async function createEngine(url) {
  loadWasm();
  const factory = new PrismaPg({ connectionString: url });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    decodeCharColumnsAsText(adapter);
    return adapter;
  };
  const schema = fs.readFileSync(schemaPath, 'utf8');
  const engine = await engineBindings.SchemaEngine.new(
    { datamodels: [[schemaPath, schema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  return { engine, schemaFiles: [{ path: schemaPath, content: schema }] };
}

function timestamp() {
  return new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

const [command, name] = process.argv.slice(2);
try {
  if (command === 'diff-empty') {
    const { engine, schemaFiles } = await createEngine(databaseUrl);
    const result = await engine.diff({
      from: { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: schemaFiles },
      script: true,
      exitCode: null,
      filters,
    });
    process.stdout.write(result.stdout ?? '');
  } else if (command === 'create' && name && /^[a-z0-9_]+$/.test(name)) {
    const sql = await diffMigrationsToSchema();
    if (!sql.trim()) {
      console.log('schema.prisma and the migrations agree: nothing to create.');
    } else {
      const dir = path.join(migrationsDir, `${timestamp()}_${name}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
      console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
    }
  } else {
    console.error('usage: node scripts/schema-engine.mjs diff-empty | create <snake_case_name>');
    process.exitCode = 2;
  }
} catch (error) {
  console.error(`schema engine failed: ${error?.message ?? error}`);
  process.exitCode = 1;
}
process.exit();
