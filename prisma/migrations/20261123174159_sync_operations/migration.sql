-- CreateTable
CREATE TABLE "operations" (
    "id" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "server_seq" INTEGER NOT NULL,
    "client_id" TEXT NOT NULL,
    "action_type" TEXT NOT NULL,
    "op_type" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT,
    "entity_ids" TEXT[],
    "payload" TEXT NOT NULL,
    "stored_bytes" INTEGER NOT NULL,
    "vector_clock" JSONB NOT NULL,
    "schema_version" INTEGER NOT NULL,
    "client_timestamp" BIGINT NOT NULL,
    "received_at" BIGINT NOT NULL,
    "is_payload_encrypted" BOOLEAN NOT NULL,
    "sync_import_reason" TEXT,
    "repair_base_server_seq" INTEGER,

    CONSTRAINT "operations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "operation_entities" (
    "user_id" INTEGER NOT NULL,
    "server_seq" INTEGER NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,

    CONSTRAINT "operation_entities_pkey" PRIMARY KEY ("user_id","server_seq","entity_type","entity_id")
);

-- CreateTable
CREATE TABLE "user_sync_state" (
    "user_id" INTEGER NOT NULL,
    "last_seq" INTEGER NOT NULL DEFAULT 0,
    "latest_full_state_seq" INTEGER,
    "latest_full_state_client_id" TEXT,
    "latest_full_state_clock" JSONB,
    "latest_state_replacement_seq" INTEGER NOT NULL DEFAULT 0,
    "upload_limit_epoch" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "user_sync_state_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "sync_request_dedup" (
    "user_id" INTEGER NOT NULL,
    "namespace" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "response" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_request_dedup_pkey" PRIMARY KEY ("user_id","namespace","request_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "operations_user_id_server_seq_key" ON "operations"("user_id", "server_seq");

-- CreateIndex
CREATE INDEX "operation_entities_user_id_entity_type_entity_id_server_seq_idx" ON "operation_entities"("user_id", "entity_type", "entity_id", "server_seq" DESC);

-- CreateIndex
CREATE INDEX "sync_request_dedup_created_at_idx" ON "sync_request_dedup"("created_at");

-- AddForeignKey
ALTER TABLE "operations" ADD CONSTRAINT "operations_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "operation_entities" ADD CONSTRAINT "operation_entities_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_sync_state" ADD CONSTRAINT "user_sync_state_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_request_dedup" ADD CONSTRAINT "sync_request_dedup_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateIndex (by hand: Prisma cannot express partial indexes; listed in test/schema-drift MIGRATION_ONLY)
-- A user's full-state ops (restore points, SYNC_IMPORT_EXISTS, quota auto-cleanup): a few rows per user
-- out of possibly millions of ops, so they get their own small index.
CREATE INDEX "operations_full_state_idx" ON "operations"("user_id", "server_seq") WHERE "op_type" IN ('SYNC_IMPORT', 'BACKUP_IMPORT', 'REPAIR');
