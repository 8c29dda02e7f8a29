import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Deletes old location pings. Cross-tenant by design: the age is global
 * configuration and pings are found by age (location_ping_time_idx),
 * whatever business they belong to.
 */
@Injectable()
export class LocationPingRetentionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One statement (its own transaction): at most `limit` pings older than `before`, oldest first; rows another worker is deleting are skipped. */
  async deleteBatch(before: Date, limit: number): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM location_ping
        WHERE id IN (SELECT id FROM location_ping WHERE occurred_at < $1 ORDER BY occurred_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [before, limit],
    );
    return count;
  }
}
