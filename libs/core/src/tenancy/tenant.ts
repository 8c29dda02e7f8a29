import type { CountryCode } from 'libphonenumber-js';
import type { Role } from '../database/entities';

/** Who is calling: resolved from the API key on every request, passed to every use case. */
export interface Tenant {
  readonly businessId: string;
  readonly keyId: string | null;
  readonly role: Role;
  readonly business: {
    readonly name: string;
    readonly timezone: string;
    readonly currency: string;
    readonly country: CountryCode;
  };
}
