import { createWriteStream, type WriteStream } from 'node:fs';
import { seededRandom } from '@localreach/core';

/**
 * Realistic customer files for the import benchmark, written in one streaming
 * pass: the CSV a business would upload, and the same customers already
 * normalised as COPY text (what a raw loading tool would read).
 */

const FIRST = ['Ann', 'Bob', 'Chloé', 'David', 'Emma', 'François', 'Grace', 'Hugo', 'Isabel', 'James', 'Karim', 'Léa', 'Mia', 'Noah', 'Olivia', 'Pierre', 'Quinn', 'Rosa', 'Sam', 'Tom'];
const LAST = ['Smith', 'Johnson', 'Martin', 'Bernard', 'Garcia', 'Dubois', 'Lee', "O'Brien", 'Nguyen', 'Moreau', 'Brown', 'Lefèvre', 'Davis', 'Wilson', 'Laurent', 'Clark'];
const DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'orange.fr', 'icloud.com', 'example.org'];
const CITIES = [
  { lat: 40.7128, lng: -74.006, tz: 'America/New_York' },
  { lat: 37.7749, lng: -122.4194, tz: 'America/Los_Angeles' },
  { lat: 41.8781, lng: -87.6298, tz: 'America/Chicago' },
  { lat: 48.8566, lng: 2.3522, tz: 'Europe/Paris' },
  { lat: 45.764, lng: 4.8357, tz: 'Europe/Paris' },
];
const US_AREAS = [212, 415, 312, 617, 503, 206, 213, 305, 404, 512, 646, 718, 773, 702, 303];
const TIERS = ['bronze', 'silver', 'gold', 'platinum'];
const TAGS = ['newsletter', 'vip', 'in-store', 'online', 'loyalty'];

/** The CSV header and the mapping the benchmark passes with it. */
export const BENCH_CSV_HEADER = 'Customer ID,Email,Phone,First Name,Last Name,Birthday,Time Zone,Latitude,Longitude,Tier,Visits,Tags,Email Opt-in,SMS Opt-in';
export const BENCH_MAPPING: Record<string, string> = {
  'Customer ID': 'externalId', Email: 'email', Phone: 'phone', 'First Name': 'firstName', 'Last Name': 'lastName', Birthday: 'birthday',
  'Time Zone': 'timezone', Latitude: 'lat', Longitude: 'lng', Tier: 'attributes.tier', Visits: 'attributes.visits:number', Tags: 'tags',
  'Email Opt-in': 'consent.email', 'SMS Opt-in': 'consent.sms',
};
/** Columns of the pre-normalised COPY file (business_id first). */
export const BENCH_COPY_COLUMNS = [
  'business_id', 'external_id', 'email', 'phone', 'first_name', 'last_name', 'birthday', 'timezone', 'lat', 'lng', 'attributes', 'tags',
  'consent_email', 'consent_email_at', 'consent_email_source', 'consent_sms', 'consent_sms_at', 'consent_sms_source',
];

// Unique per index: 70 % US numbers spread over area codes and exchanges, 30 % French mobiles.
function phoneOf(i: number): string {
  if (i % 10 < 7) {
    const rest = Math.floor(i / US_AREAS.length);
    return `+1${US_AREAS[i % US_AREAS.length]}${200 + (rest % 800)}${String(Math.floor(rest / 800) % 10000).padStart(4, '0')}`;
  }
  return `+33${6 + (i % 2)}${String((i * 7_919) % 100_000_000).padStart(8, '0')}`;
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

async function write(out: WriteStream, chunk: string): Promise<void> {
  if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

async function close(out: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** Writes `rows` customers as an upload CSV and as COPY text for `copyBusinessId`; returns the byte sizes. */
export async function writeBenchFiles(rows: number, csvPath: string, copyPath: string, copyBusinessId: string, consentAt: Date): Promise<{ csvBytes: number; copyBytes: number }> {
  const rnd = seededRandom(20_251_122);
  const csv = createWriteStream(csvPath);
  const copy = createWriteStream(copyPath);
  const at = consentAt.toISOString();
  let csvChunk = `${BENCH_CSV_HEADER}\n`;
  let copyChunk = '';
  for (let i = 0; i < rows; i++) {
    const first = FIRST[Math.floor(rnd() * FIRST.length)];
    const last = LAST[Math.floor(rnd() * LAST.length)];
    const email = `${first}.${last}.${i}@${DOMAINS[i % DOMAINS.length]}`.normalize('NFD').replace(/[\u0300-\u036f']/g, '');
    const phone = phoneOf(i);
    const birthday = `${1940 + Math.floor(rnd() * 65)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    const city = CITIES[Math.floor(rnd() * CITIES.length)];
    const lat = Number((city.lat + (rnd() - 0.5) * 0.4).toFixed(6));
    const lng = Number((city.lng + (rnd() - 0.5) * 0.4).toFixed(6));
    const tier = TIERS[Math.floor(rnd() * TIERS.length)];
    const visits = Math.floor(rnd() * 200);
    const tags = [TAGS[i % TAGS.length], TAGS[(i + 2) % TAGS.length]];
    const emailOk = rnd() < 0.7;
    const smsOk = rnd() < 0.4;
    const externalId = `CRM-${String(1_000_000 + i)}`;
    csvChunk += `${externalId},${email},${phone},${csvCell(first)},${csvCell(last)},${birthday},${city.tz},${lat},${lng},${tier},${visits},${tags.join(';')},${emailOk ? 'yes' : 'no'},${smsOk ? 'granted' : 'denied'}\n`;
    const normalisedEmail = email.toLowerCase();
    copyChunk += `${copyBusinessId}\t${externalId}\t${normalisedEmail}\t${phone}\t${first}\t${last}\t${birthday}\t${city.tz}\t${lat}\t${lng}\t{"tier": "${tier}", "visits": ${visits}}\t{${tags.join(',')}}\t${emailOk ? 'granted' : 'denied'}\t${at}\timport\t${smsOk ? 'granted' : 'denied'}\t${at}\timport\n`;
    if (csvChunk.length > 1 << 16) {
      await write(csv, csvChunk);
      await write(copy, copyChunk);
      csvChunk = '';
      copyChunk = '';
    }
  }
  await write(csv, csvChunk);
  await write(copy, copyChunk);
  await Promise.all([close(csv), close(copy)]);
  return { csvBytes: csv.bytesWritten, copyBytes: copy.bytesWritten };
}
