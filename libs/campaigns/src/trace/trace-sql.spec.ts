import * as trace from './trace-sql';

/** The outcome SQL is reviewed as text: a change to how an outcome or reason is decided shows up here. */
const FRAGMENTS: [string, string][] = Object.entries(trace as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string');

describe('trace SQL', () => {
  it.each(FRAGMENTS)('%s', (_name, sql) => {
    expect(sql).toMatchSnapshot();
  });

  it('reads engagement of the message\'s own business and human hits only', () => {
    expect(trace.MESSAGE_ENGAGEMENT).toMatch(/g\.business_id = m\.business_id AND g\.message_id = m\.id/);
    expect(trace.MESSAGE_ENGAGEMENT).toMatch(/NOT g\.machine/);
  });

  it('takes an enrolment\'s messages and branch log by its own business and id', () => {
    expect(trace.ENROLLMENT_OUTCOME).toMatch(/m\.business_id = e\.business_id AND m\.enrollment_id = e\.id/);
    expect(trace.ENROLLMENT_OUTCOME).toMatch(/s\.enrollment_id = e\.id/);
  });
});
