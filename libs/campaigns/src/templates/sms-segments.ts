/**
 * SMS segment counting per 3GPP TS 23.038 (GSM 7-bit default alphabet + extension table)
 * and UCS-2, the rules carriers and Twilio bill by.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentInfo {
  encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
}

// Basic character set (one septet each). 0x1B (escape) is omitted: it is not a character.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

// Extension table, reached through the escape septet, so two septets each.
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC_SET = new Set(GSM_BASIC);
const EXTENSION_SET = new Set(GSM_EXTENSION);

const LIMITS: Record<SmsEncoding, { single: number; concatenated: number }> = {
  // A concatenated segment loses 6 octets to the UDH: 7 septets for GSM-7, 3 code units for UCS-2.
  'GSM-7': { single: 160, concatenated: 153 },
  'UCS-2': { single: 70, concatenated: 67 },
};

export function isGsm7(body: string): boolean {
  for (const char of body) {
    if (!BASIC_SET.has(char) && !EXTENSION_SET.has(char)) return false;
  }
  return true;
}

export function countSegments(body: string): SegmentInfo {
  const encoding: SmsEncoding = isGsm7(body) ? 'GSM-7' : 'UCS-2';
  const sizes = characterSizes(body, encoding);
  const units = sizes.reduce((sum, size) => sum + size, 0);
  const limits = LIMITS[encoding];
  if (units <= limits.single) {
    return { encoding, units, segments: 1 };
  }
  return { encoding, units, segments: fillSegments(sizes, limits.concatenated) };
}

/** Per character: septets (1 or 2) for GSM-7, UTF-16 code units (1 or 2) for UCS-2. */
function characterSizes(body: string, encoding: SmsEncoding): number[] {
  const sizes: number[] = [];
  for (const char of body) {
    sizes.push(encoding === 'GSM-7' ? (EXTENSION_SET.has(char) ? 2 : 1) : char.length);
  }
  return sizes;
}

/**
 * Greedy fill: an escape sequence or a surrogate pair must not straddle two segments,
 * so a character that does not fit entirely opens the next segment.
 */
function fillSegments(sizes: number[], capacity: number): number {
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > capacity) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return segments;
}
