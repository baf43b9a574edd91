-- The event feed of opsync-api.md §7. Ids are per account and gap-free: the counter row is taken
-- (and held until commit) by every writer of the account, so ids commit in order and a poller that
-- resumes `after` an id can never miss an event committed later with a smaller one. A pruned id is
-- therefore a gap the poller can be told about.

-- CreateTable
CREATE TABLE "account_event_counters" (
    "user_id" INTEGER NOT NULL,
    "last_id" BIGINT NOT NULL,

    CONSTRAINT "account_event_counters_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "account_events" (
    "user_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "type" TEXT NOT NULL,
    "store_id" TEXT,
    "key_id" TEXT,
    "device_id" TEXT,
    "version" INTEGER,
    "latest_seq" BIGINT,
    "origin_session_id" TEXT,
    "at" BIGINT NOT NULL,

    CONSTRAINT "account_events_pkey" PRIMARY KEY ("user_id","id")
);

-- CreateIndex
CREATE INDEX "account_events_at_idx" ON "account_events"("at");

-- AddForeignKey
ALTER TABLE "account_event_counters" ADD CONSTRAINT "account_event_counters_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_events" ADD CONSTRAINT "account_events_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
