import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../../database';

/** How long a challenge may be answered (accounts spec §5.2). */
export const CHALLENGE_TTL_SECONDS = 300;

/**
 * `webauthn_challenges`: one live challenge per (ceremony, subject), shared by every instance. Times
 * are the database's clock, so instances with skewed clocks agree on expiry.
 */
@Injectable()
export class ChallengesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Stores a challenge digest, replacing the subject's previous one; drops expired rows on the way. */
  async put(ceremony: string, subjectKey: string, challengeHash: string, db: Db = this.prisma): Promise<void> {
    await db.$executeRaw`DELETE FROM webauthn_challenges WHERE expires_at <= now()`;
    await db.$executeRaw`
      INSERT INTO webauthn_challenges (ceremony, subject_key, challenge_hash, expires_at)
      VALUES (${ceremony}, ${subjectKey}, ${challengeHash}, now() + ${CHALLENGE_TTL_SECONDS}::int * interval '1 second')
      ON CONFLICT (ceremony, subject_key) DO UPDATE SET challenge_hash = EXCLUDED.challenge_hash, expires_at = EXCLUDED.expires_at`;
  }

  /**
   * Consumes the subject's live challenge in one statement: of two concurrent completions exactly one
   * gets the digest. Null when there is none or it has expired.
   */
  async take(ceremony: string, subjectKey: string, db: Db = this.prisma): Promise<string | null> {
    const rows = await db.$queryRaw<{ challenge_hash: string }[]>`
      DELETE FROM webauthn_challenges
       WHERE ceremony = ${ceremony} AND subject_key = ${subjectKey} AND expires_at > now()
      RETURNING challenge_hash`;
    return rows[0]?.challenge_hash ?? null;
  }
}
