import { ADVANCE_WATERMARKS_SQL, MOVE_ENGAGEMENT_BATCH_SQL } from './engagement-retention.sql';

/** The retention SQL is reviewed as text: a change to either statement shows up here. */
describe('engagement retention SQL', () => {
  it.each(Object.entries({ MOVE_ENGAGEMENT_BATCH_SQL, ADVANCE_WATERMARKS_SQL }))('%s', (_name, sql) => {
    expect(sql).toMatchSnapshot();
  });

  it('moves a batch in one statement: the rows it deletes are the rows it counts', () => {
    expect(MOVE_ENGAGEMENT_BATCH_SQL).toMatch(/DELETE FROM engagement e USING batch[\s\S]*RETURNING/);
    expect(MOVE_ENGAGEMENT_BATCH_SQL.match(/FROM moved/g)).toHaveLength(3);
  });

  it('leaves conversions raw and skips rows another worker holds', () => {
    expect(MOVE_ENGAGEMENT_BATCH_SQL).toMatch(/type <> 'converted'/);
    expect(MOVE_ENGAGEMENT_BATCH_SQL).toMatch(/FOR UPDATE SKIP LOCKED/);
  });

  it('writes roll-up rows in key order (two workers wait for each other instead of deadlocking)', () => {
    expect(MOVE_ENGAGEMENT_BATCH_SQL).toMatch(/ORDER BY business_id, message_id, type\s+ON CONFLICT/);
    expect(MOVE_ENGAGEMENT_BATCH_SQL).toMatch(/ORDER BY 1, 2, 3, 4\s+ON CONFLICT/);
  });

  it('never moves a watermark back', () => {
    expect(ADVANCE_WATERMARKS_SQL).toMatch(/greatest\(w\.rolled_up_before, excluded\.rolled_up_before\)/);
  });
});
