import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DomainError } from '../../errors/domain-error';
import type { Tenant } from '../../tenancy/tenant';
import type { ImportOptions, ImportReport } from './import.types';

export * from './import.types';

@Injectable()
export class CustomerImportService {
  async import(_tenant: Tenant, _input: Readable, _options: ImportOptions): Promise<ImportReport> {
    throw new DomainError('unsupported_media', 'IMPORT_NOT_READY', 'customer import is being built');
  }
}
