import type { PostalAddress } from '@localreach/core';

/** One line: "1 Main St, Suite 2, Springfield IL 62701, US". */
export function formatPostalAddress(address: PostalAddress): string {
  const locality = [address.city, address.region, address.postalCode].filter((part) => part && part.trim() !== '').join(' ');
  return [address.line1, address.line2, locality, address.country].filter((part) => part && part.trim() !== '').join(', ');
}
