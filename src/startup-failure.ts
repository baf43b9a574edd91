import { redactDatabaseUrl } from './database';

/*
 * Start-up failures as one line that names what to change: operators read them in a terminal or in
 * `docker logs`, where a stack trace only buries the cause. Each start-up step maps the errors it
 * knows; anything else keeps its own message, still on one line.
 */

const code = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The first use of the database (migrations) failed. */
export function databaseFailure(error: unknown, databaseUrl: string): string {
  const at = `PostgreSQL at ${redactDatabaseUrl(databaseUrl)}`;
  switch (code(error)) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return `${at} cannot be reached (${messageOf(error)}): check the host and port in DATABASE_URL and that the server runs`;
    case '28P01':
    case '28000':
      return `${at} refused the sign-in (${messageOf(error)}): check the user and password in DATABASE_URL`;
    case '3D000':
      return `${at}: ${messageOf(error)}: create it (createdb) or name an existing database in DATABASE_URL`;
    default:
      return messageOf(error);
  }
}

/** The HTTP server could not listen. */
export function listenFailure(error: unknown, host: string, port: number): string {
  switch (code(error)) {
    case 'EADDRINUSE':
      return `Port ${port} on ${host} is already in use: stop the process that holds it or set PORT to a free port`;
    case 'EACCES':
      return `Port ${port} on ${host} needs privileges this user lacks: set PORT to 1024 or above`;
    case 'EADDRNOTAVAIL':
      return `HOST=${host} is not an address of this machine: set HOST to one of its addresses, or 0.0.0.0`;
    default:
      return messageOf(error);
  }
}
