-- CreateTable
CREATE TABLE "stores" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "owner_id" INTEGER NOT NULL,
    "meta" TEXT,
    "data" TEXT,
    "stored_bytes" BIGINT NOT NULL DEFAULT 0,
    "token" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "latest_seq" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stores_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "store_members" (
    "store_id" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "permission" TEXT NOT NULL,
    "sync_enabled" BOOLEAN NOT NULL DEFAULT true,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "store_members_pkey" PRIMARY KEY ("store_id","user_id")
);

-- CreateTable
CREATE TABLE "store_name_keys" (
    "user_id" INTEGER NOT NULL,
    "name_key" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "store_name_keys_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "store_names" (
    "user_id" INTEGER NOT NULL,
    "name_hmac" BYTEA NOT NULL,
    "store_id" TEXT NOT NULL,

    CONSTRAINT "store_names_pkey" PRIMARY KEY ("user_id","name_hmac")
);

-- CreateTable
CREATE TABLE "log_entries" (
    "store_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "client_id" TEXT NOT NULL,
    "client_index" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "nonce" TEXT,
    "client_timestamp" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "log_entries_pkey" PRIMARY KEY ("store_id","seq")
);

-- CreateIndex
CREATE INDEX "stores_owner_id_idx" ON "stores"("owner_id");

-- CreateIndex
CREATE INDEX "store_members_user_id_idx" ON "store_members"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "store_names_store_id_key" ON "store_names"("store_id");

-- CreateIndex
CREATE UNIQUE INDEX "log_entries_store_id_client_id_client_index_key" ON "log_entries"("store_id", "client_id", "client_index");

-- AddForeignKey
ALTER TABLE "stores" ADD CONSTRAINT "stores_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "store_members" ADD CONSTRAINT "store_members_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "store_members" ADD CONSTRAINT "store_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "store_name_keys" ADD CONSTRAINT "store_name_keys_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "store_names" ADD CONSTRAINT "store_names_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "store_names" ADD CONSTRAINT "store_names_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "log_entries" ADD CONSTRAINT "log_entries_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;
