-- CreateTable
CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT,
    "is_verified" INTEGER NOT NULL DEFAULT 0,
    "verification_token" TEXT,
    "verification_token_expires_at" BIGINT,
    "verification_resend_count" INTEGER NOT NULL DEFAULT 0,
    "passkey_recovery_token" TEXT,
    "passkey_recovery_token_expires_at" BIGINT,
    "login_token" TEXT,
    "login_token_expires_at" BIGINT,
    "failed_login_attempts" INTEGER NOT NULL DEFAULT 0,
    "locked_until" BIGINT,
    "token_version" INTEGER NOT NULL DEFAULT 0,
    "terms_accepted_at" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "storage_quota_bytes" BIGINT NOT NULL DEFAULT 104857600,
    "storage_used_bytes" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "users_verification_token_idx" ON "users"("verification_token");

-- CreateIndex
CREATE INDEX "users_passkey_recovery_token_idx" ON "users"("passkey_recovery_token");

-- CreateIndex
CREATE INDEX "users_login_token_idx" ON "users"("login_token");
