import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { compactMessageSpend } from '@localreach/analytics';
import { PollingLoop } from './polling-loop';

/** Folds the overview's spend roll-up once a minute (a busy minute of sending appends a delta per send statement). */
@Injectable()
export class MessageSpendPass extends PollingLoop {
  protected readonly idleMs = 60_000;

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  protected async pass(): Promise<boolean> {
    await compactMessageSpend(this.dataSource);
    return false;
  }
}
