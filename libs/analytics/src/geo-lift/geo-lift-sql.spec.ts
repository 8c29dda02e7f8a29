import { GEO_LIFT_CELLS_SQL } from './geo-lift.sql';

/** The geo-lift statement is reviewed as text: a change shows up here. */
describe('geo-lift SQL', () => {
  it('GEO_LIFT_CELLS_SQL', () => {
    expect(GEO_LIFT_CELLS_SQL).toMatchSnapshot();
  });

  it('scopes customers, orders and enrolments by business ($1)', () => {
    for (const table of ['customer c', 'orders o', 'enrollment e']) expect(GEO_LIFT_CELLS_SQL).toMatch(new RegExp(`FROM ${table}\\s+WHERE \\w\\.business_id = \\$1`));
  });

  it('bins prior orders as the estimator does (0, 1, 2, 3–4, 5+)', () => {
    expect(GEO_LIFT_CELLS_SQL).toContain('CASE WHEN prior = 0 THEN 0 WHEN prior = 1 THEN 1 WHEN prior = 2 THEN 2 WHEN prior <= 4 THEN 3 ELSE 4 END');
  });
});
