import { FAIRNESS_CAMPAIGN_SQL, FAIRNESS_GROUPS_SQL, FAIRNESS_STORES_SQL } from './fairness.sql';

/** The fairness SQL is reviewed as text: a change to any statement shows up here. */
describe('fairness SQL', () => {
  it.each([['FAIRNESS_GROUPS_SQL', FAIRNESS_GROUPS_SQL], ['FAIRNESS_CAMPAIGN_SQL', FAIRNESS_CAMPAIGN_SQL], ['FAIRNESS_STORES_SQL', FAIRNESS_STORES_SQL]])('%s', (_name, sql) => {
    expect(sql).toMatchSnapshot();
  });

  it('scopes every read by business ($1), the suppression list too', () => {
    expect(FAIRNESS_CAMPAIGN_SQL).toMatch(/business_id = \$1/);
    expect(FAIRNESS_STORES_SQL).toMatch(/FROM location\s+WHERE business_id = \$1 AND deleted_at IS NULL/);
    for (const table of ['customer c', 'enrollment', 'message', 'suppression s']) expect(FAIRNESS_GROUPS_SQL).toMatch(new RegExp(`FROM ${table}\\s+WHERE (c\\.|s\\.)?business_id = \\$1`));
  });

  it('counts an offer as a sent message whose step carried one, and leaves erased customers out', () => {
    expect(FAIRNESS_GROUPS_SQL).toMatch(/campaign_id IS NOT NULL AND offer IS NOT NULL/);
    expect(FAIRNESS_GROUPS_SQL).toMatch(/c\.erased_at IS NULL/);
  });
});
