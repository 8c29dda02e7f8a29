import * as campaign from './campaign-report.sql';
import * as overview from './overview.sql';

/** The report SQL is reviewed as text: a change to any statement shows up here. */
const STATEMENTS = Object.entries({ ...campaign, ...overview }).filter((entry): entry is [string, string] => typeof entry[1] === 'string');

describe('report SQL', () => {
  it.each(STATEMENTS)('%s', (_name, sql) => {
    expect(sql).toMatchSnapshot();
  });

  it('scopes every statement by business ($1)', () => {
    for (const [, sql] of STATEMENTS) expect(sql).toMatch(/business_id = \$1/);
  });

  it('the campaign report’s arms read clicks only (opens are many and never decide)', () => {
    expect(campaign.EXPERIMENT_ARMS_CLICKS_SQL).toMatch(/type = 'clicked' AND NOT machine/);
    expect(campaign.EXPERIMENT_ARMS_CLICKS_SQL).not.toMatch(/'opened'\)/);
  });

  it('counts the funnel from engagement alone, in the funnel index’s column order, without joining message', () => {
    expect(campaign.FUNNEL_ENGAGEMENT_SQL).not.toMatch(/JOIN/);
    expect(campaign.FUNNEL_ENGAGEMENT_SQL).toMatch(/GROUP BY type, step_id, variant/);
  });
});
