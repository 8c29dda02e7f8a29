/**
 * Why a database call failed when it was not the caller's fault:
 * - 'timeout': the statement ran past its statement timeout (or was cancelled);
 * - 'busy': no pooled connection came free within the acquire timeout;
 * - 'unreachable': the server is gone, shutting down, refusing connections or
 *   the connection broke.
 * undefined for anything else (a constraint, a bug, a bad query).
 */
export type DatabaseFailure = 'timeout' | 'busy' | 'unreachable';

/**
 * Connection exceptions (08…, but not 08P01: a protocol violation is a bug in the query sent, such as a
 * parameter the statement never names, and the server is there), the server shutting down or refusing connections (57P01–57P03, 53300 too many), the database closed to connections (3D000 once dropped), or the socket failing. */
const GONE_CODE = /^08(?!P01$)|^57P0[1-3]$|^53300$|^3D000$|^ECONNREFUSED$|^ECONNRESET$|^ETIMEDOUT$|^EPIPE$|^EHOSTUNREACH$|^ENETUNREACH$/;
const GONE_MESSAGE = /Connection terminated|connect ECONNREFUSED|is not currently accepting connections|Client has encountered a connection error|the database system is (shutting down|starting up|in recovery mode)/i;

/** Classifies an error from TypeORM or node-postgres (see DatabaseFailure). */
export function databaseFailure(error: unknown): DatabaseFailure | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown; message?: unknown }; message?: unknown } | null | undefined;
  const code = String(e?.driverError?.code ?? e?.code ?? '');
  const message = String(e?.driverError?.message ?? e?.message ?? '');
  if (code === '57014') return 'timeout';
  if (/timeout exceeded when trying to connect/i.test(message)) return 'busy';
  if (GONE_CODE.test(code) || GONE_MESSAGE.test(message)) return 'unreachable';
  return undefined;
}

/** True when the error says the database server cannot be reached at all (waiting and trying again is the only remedy). */
export function isDatabaseUnreachable(error: unknown): boolean {
  return databaseFailure(error) === 'unreachable';
}
