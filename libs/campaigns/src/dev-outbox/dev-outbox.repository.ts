import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Which provider ids (email Message-IDs, Twilio SIDs) a business's sends carry. */
@Injectable()
export class DevOutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Of `providerIds`, those of the business's messages or campaign test sends. */
  async ownedProviderIds(businessId: string, providerIds: readonly string[]): Promise<Set<string>> {
    if (providerIds.length === 0) return new Set();
    const rows = await this.dataSource.query<{ provider_id: string }[]>(
      `SELECT provider_id FROM message WHERE business_id = $1 AND provider_id = ANY($2::text[])
       UNION
       SELECT provider_id FROM campaign_test_send WHERE business_id = $1 AND provider_id = ANY($2::text[])`,
      [businessId, providerIds],
    );
    return new Set(rows.map((r) => r.provider_id));
  }
}
