-- CreateTable
CREATE TABLE "key_versions" (
    "user_id" INTEGER NOT NULL,
    "key_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "encrypted_key" TEXT NOT NULL,
    "salt" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "kdf" TEXT NOT NULL,
    "created_at" BIGINT NOT NULL,
    "created_by" TEXT,

    CONSTRAINT "key_versions_pkey" PRIMARY KEY ("user_id","key_id","version")
);

-- AddForeignKey
ALTER TABLE "key_versions" ADD CONSTRAINT "key_versions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
