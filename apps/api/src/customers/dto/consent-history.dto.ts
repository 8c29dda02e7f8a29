import { ApiProperty } from '@nestjs/swagger';
import type { ConsentHistoryEntry } from '@localreach/analytics/timeline';

export class ConsentChangeDto {
  @ApiProperty({ pattern: '^[0-9]+$', description: 'The change\'s id (a decimal number)' }) id: string;
  @ApiProperty({ enum: ['email', 'sms', 'location'] }) channel: 'email' | 'sms' | 'location';
  @ApiProperty({ enum: ['granted', 'denied'] }) status: 'granted' | 'denied';
  @ApiProperty({
    type: String, nullable: true,
    description: 'Where it came from: form, import, pos, api (given with the customer), sms_keyword (STOP/START replies), unsubscribe_link, preference_page, carrier_stop',
  })
  source: string | null;
  @ApiProperty({ format: 'date-time', description: 'When consent was given or withdrawn, as its source said' }) at: string;
  @ApiProperty({ format: 'date-time', description: 'When the change was recorded' }) recordedAt: string;

  static from(entry: ConsentHistoryEntry): ConsentChangeDto {
    return { ...entry, at: entry.at.toISOString(), recordedAt: entry.recordedAt.toISOString() };
  }
}

export class ConsentHistoryPageDto {
  @ApiProperty({ type: [ConsentChangeDto], description: 'Newest first by `at`, then by id' }) items: ConsentChangeDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next (older) page; null on the last page' }) nextCursor: string | null;
}
