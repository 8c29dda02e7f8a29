/**
 * Ids the documented examples use. Each stands for one kind of thing, so a
 * test can replay every example against a fresh business with real ids put
 * in their place.
 */
export const EXAMPLE_IDS = {
  store: '5e7a1c2d-0000-4000-8000-000000000001',
  customer: '5e7a1c2d-0000-4000-8000-000000000002',
  segment: '5e7a1c2d-0000-4000-8000-000000000003',
  emailTemplate: '5e7a1c2d-0000-4000-8000-000000000004',
  smsTemplate: '5e7a1c2d-0000-4000-8000-000000000005',
  geofence: '5e7a1c2d-0000-4000-8000-000000000006',
  campaign: '5e7a1c2d-0000-4000-8000-000000000007',
} as const;
