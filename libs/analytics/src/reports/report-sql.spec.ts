import * as campaign from './campaign-report.sql';
import * as overview from './overview.sql';

/** The report SQL is reviewed as text: a change to any statement shows up here. */
describe('report SQL', () => {
  it.each(Object.entries({ ...campaign, ...overview }))('%s', (_name, sql) => {
    expect(sql).toMatchSnapshot();
  });

  it('scopes every statement by business ($1)', () => {
    for (const sql of Object.values({ ...campaign, ...overview })) expect(sql).toMatch(/business_id = \$1/);
  });

  it('counts the funnel from engagement alone, in the funnel index’s column order, without joining message', () => {
    expect(campaign.FUNNEL_ENGAGEMENT_SQL).not.toMatch(/JOIN/);
    expect(campaign.FUNNEL_ENGAGEMENT_SQL).toMatch(/GROUP BY type, step_id, variant/);
  });
});
