// Developer tool: drives Prisma's schema engine (WASM build, no native binary needed) to author
// migrations from prisma/schema.prisma. Applying migrations is the app's job (src/database/migrate.ts).
//
//   node scripts/schema-engine.mjs diff-empty        SQL that creates schema.prisma from nothing
//   DATABASE_URL=… node scripts/schema-engine.mjs create <name>
//                                                     new prisma/migrations/<ts>_<name>/migration.sql
//                                                     (diff of the applied migrations → schema.prisma)
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
const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

function loadWasm() {
  globalThis.PRISMA_WASM_PANIC_REGISTRY = { message: '', set_message(m) { this.message = `RuntimeError: ${m}`; } };
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
    const self = this;
    let charColumns = [];
    const io = Object.create(self);
    io.performIO = async (q) => {
      const result = await self.performIO(q);
      charColumns = [];
      const fields = result.fields.map((f, i) => (f.dataTypeID === 18 ? (charColumns.push(i), { ...f, dataTypeID: 25 }) : f));
      return { fields, rows: result.rows, rowCount: result.rowCount };
    };
    const out = await queryRaw.call(io, query);
    for (const i of charColumns) out.columnTypes[i] = ColumnTypeEnum.Character;
    return out;
  };
}

// The stock shadow-database hook drops the database before closing its pool; this one closes first.
async function connectToShadowDb() {
  const name = `opsync_shadow_${crypto.randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const shadow = await new PrismaPg({ connectionString: url.toString() }).connect();
  decodeCharColumnsAsText(shadow);
  const dispose = shadow.dispose.bind(shadow);
  shadow.dispose = async () => {
    await dispose();
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  };
  return shadow;
}

function migrationsList() {
  const dirs = fs.existsSync(migrationsDir)
    ? fs.readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  const lockFile = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: fs.existsSync(lockFile) ? fs.readFileSync(lockFile, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((dir) => ({
      path: dir,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: fs.readFileSync(path.join(migrationsDir, dir, 'migration.sql'), 'utf8') } },
    })),
  };
}

async function createEngine() {
  loadWasm();
  const factory = new PrismaPg({ connectionString: databaseUrl });
  factory.connectToShadowDb = connectToShadowDb;
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    decodeCharColumnsAsText(adapter);
    return adapter;
  };
  const schema = fs.readFileSync(schemaPath, 'utf8');
  const engine = await engineBindings.SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, () => {}, bindMigrationAwareSqlAdapterFactory(factory));
  return { engine, schemaFiles: [{ path: schemaPath, content: schema }] };
}

function timestamp() {
  return new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

const [command, name] = process.argv.slice(2);
try {
  const { engine, schemaFiles } = await createEngine();
  if (command === 'diff-empty') {
    const result = await engine.diff({ from: { tag: 'empty' }, to: { tag: 'schemaDatamodel', files: schemaFiles }, script: true, exitCode: null, filters });
    process.stdout.write(result.stdout ?? '');
  } else if (command === 'create' && name && /^[a-z0-9_]+$/.test(name)) {
    // devDiagnostic replays the migrations on a shadow database; createMigration diffs against it.
    const diagnostic = await engine.devDiagnostic({ migrationsList: migrationsList(), filters });
    if (diagnostic.action.tag === 'reset') throw new Error(`the database has drifted: ${diagnostic.action.reason}`);
    const result = await engine.createMigration({ draft: false, migrationName: name, migrationsList: migrationsList(), schema: { files: schemaFiles }, filters });
    if (result.migrationScript == null) {
      console.log('schema.prisma and the migrations agree: nothing to create.');
    } else {
      const dir = path.join(migrationsDir, `${timestamp()}_${name}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'migration.sql'), result.migrationScript);
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
