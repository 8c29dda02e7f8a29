import { Injectable } from '@nestjs/common';
import { SEGMENT_MAX_AGE_SECONDS, SegmentService } from '@localreach/segmentation';
import { PollingLoop } from './polling-loop';

/**
 * Segments made stale by ingest, one per claim so each takes the most urgent
 * (cheap ones first, see SegmentRepository.claimDue). Two lanes refresh two
 * segments at once (a refresh is one statement on one core), so a fresh
 * event's segment is not queued behind a long refresh; claims skip each
 * other's rows and segments in flight. Runs beside the aged-segments job, so
 * a minutes-long periodic refresh never holds up fresh data.
 */
@Injectable()
export class StaleSegmentPass extends PollingLoop {
  readonly jobName = 'stale-segments';
  protected readonly idleMs = 300;
  protected override readonly lanes = 2;

  constructor(private readonly segments: SegmentService) {
    super();
  }

  protected async pass(): Promise<boolean> {
    return (await this.segments.refreshDue(SEGMENT_MAX_AGE_SECONDS, 1, 'stale')) > 0;
  }
}
