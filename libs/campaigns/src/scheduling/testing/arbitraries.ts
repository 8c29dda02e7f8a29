import fc from 'fast-check';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Zones with DST at odd hours and sizes (Lord Howe 30 min, Santiago at midnight), half- and quarter-hour offsets, both hemispheres. */
export const PROPERTY_ZONES = [
  'America/New_York', 'Europe/London', 'Pacific/Auckland', 'Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Santiago', 'UTC',
];

// DST changes to aim at: dense sampling around them is where off-by-an-hour bugs live.
const CHANGES = [
  '2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z', '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z',
  '2026-04-04T14:00:00Z', '2026-09-26T14:00:00Z', '2026-10-03T15:30:00Z', '2026-04-04T15:00:00Z',
  '2026-04-05T03:00:00Z', '2026-09-06T04:00:00Z',
].map(Date.parse);

/** Epoch milliseconds: anywhere in 2020–2035, or within two days of a DST change. */
export const instantArb = fc.oneof(
  fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2035-12-31T00:00:00Z') }),
  fc.tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -2 * DAY, max: 2 * DAY })).map(([t, d]) => t + d),
  // Whole minutes near a change, so boundary readings come up.
  fc.tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -36 * 60, max: 36 * 60 })).map(([t, m]) => t + m * MINUTE),
);

/** "HH:MM", biased toward the small hours DST changes happen in. */
export const localTimeArb = fc
  .tuple(fc.oneof(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 3 })), fc.oneof(fc.integer({ min: 0, max: 59 }), fc.constantFrom(0, 15, 30, 45)))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
