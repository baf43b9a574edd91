-- CreateTable
CREATE TABLE "sync_devices" (
    "user_id" INTEGER NOT NULL,
    "client_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_devices_pkey" PRIMARY KEY ("user_id","client_id")
);

-- CreateIndex
CREATE INDEX "sync_devices_user_id_last_seen_at_idx" ON "sync_devices"("user_id", "last_seen_at" DESC);

-- CreateIndex
CREATE INDEX "sync_devices_last_seen_at_idx" ON "sync_devices"("last_seen_at");

-- AddForeignKey
ALTER TABLE "sync_devices" ADD CONSTRAINT "sync_devices_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
