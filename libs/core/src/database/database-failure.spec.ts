import { databaseFailure } from './database-failure';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const typeormError = (code: string, message: string) => Object.assign(new Error(message), { driverError: { code, message } });

describe('databaseFailure', () => {
  it.each([
    ['statement timeout (TypeORM-wrapped)', typeormError('57014', 'canceling statement due to statement timeout'), 'timeout'],
    ['pool acquire timeout', new Error('timeout exceeded when trying to connect'), 'busy'],
    ['server stopped: connection refused', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), 'unreachable'],
    ['fast shutdown of a session', typeormError('57P01', 'terminating connection due to administrator command'), 'unreachable'],
    ['server shutting down', pgError('57P03', 'the database system is shutting down'), 'unreachable'],
    ['socket cut', new Error('Connection terminated unexpectedly'), 'unreachable'],
    ['connect timed out', new Error('Connection terminated due to connection timeout'), 'unreachable'],
    ['too many connections', pgError('53300'), 'unreachable'],
    ['a unique violation is the caller\'s', typeormError('23505', 'duplicate key value violates unique constraint'), undefined],
    ['a connection failure (08006)', pgError('08006', 'connection failure'), 'unreachable'],
    ['a protocol violation is a bug in the query, the server is there', typeormError('08P01', 'bind message supplies 11 parameters, but prepared statement "" requires 10'), undefined],
    ['a bug', new TypeError('cannot read properties of undefined'), undefined],
    ['not an error at all', undefined, undefined],
  ])('%s', (_label, error, expected) => {
    expect(databaseFailure(error)).toBe(expected);
  });
});
