import { Injectable } from '@nestjs/common';
import { sha256Hex } from '../secret-digest';
import { ChallengesRepository } from './challenges.repository';

/** The three ceremonies never see each other's challenges (accounts spec §5.2). */
export type Ceremony = 'registration' | 'authentication' | 'recovery';

/** Checks the challenge found in a browser's clientDataJSON against the stored one. */
export type ChallengeCheck = (challenge: string) => boolean;

/**
 * WebAuthn challenges in PostgreSQL (accounts spec §5.2, kept shared so any instance can finish a
 * ceremony another one started). Keyed by ceremony and the lower-cased subject (the email address, or
 * the recovery token); only digests of subject and challenge are stored. Single use: taking a
 * challenge deletes it, whatever the verification then decides.
 */
@Injectable()
export class ChallengeStore {
  constructor(private readonly challenges: ChallengesRepository) {}

  save(ceremony: Ceremony, subject: string, challenge: string): Promise<void> {
    return this.challenges.put(ceremony, subjectKey(ceremony, subject), sha256Hex(challenge));
  }

  /** The check for the subject's live challenge (now consumed), or null when there is none. */
  async take(ceremony: Ceremony, subject: string): Promise<ChallengeCheck | null> {
    const digest = await this.challenges.take(ceremony, subjectKey(ceremony, subject));
    return digest === null ? null : (challenge) => sha256Hex(challenge) === digest;
  }
}

function subjectKey(ceremony: Ceremony, subject: string): string {
  return sha256Hex(`${ceremony}:${subject.toLowerCase()}`);
}
