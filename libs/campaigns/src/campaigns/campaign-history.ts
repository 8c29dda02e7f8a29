import { CAMPAIGN_LIMITS, type CampaignDefinition } from '../definition';
import type { CampaignStatus } from './campaign.repository';

const COPY_SUFFIX = ' (copy)';

/** "Spring sale" → "Spring sale (copy)", the original cut short so the result stays within the name limit. */
export function copyName(name: string, max: number = CAMPAIGN_LIMITS.maxNameLength): string {
  const room = max - COPY_SUFFIX.length;
  const base = [...name].length > room ? [...name].slice(0, room).join('').trimEnd() : name;
  return `${base}${COPY_SUFFIX}`;
}

/** A stored version (campaign_version) with how many customers were enrolled on it. */
export interface StoredVersion {
  version: number;
  definition: CampaignDefinition;
  /** When it was saved (a draft's version 1: when it was last edited). */
  createdAt: Date;
  enrollments: number;
}

export interface CampaignVersion extends StoredVersion {
  /** When new enrolments started to get it: version 1 at the first activation, later versions when they were saved. Null while never activated. */
  activeFrom: Date | null;
  /** When the next version replaced it, or the campaign was archived; null while it is still the one new enrolments get. */
  activeUntil: Date | null;
  /** The campaign's current version. */
  current: boolean;
}

/**
 * When each version was the one new enrolments got. Only a campaign that has
 * run gets new versions (a draft is edited in place), so every version after
 * the first took over at the moment it was saved; the first took over at the
 * first activation. An archived campaign's `updatedAt` is its archiving time
 * (an archived campaign cannot be edited). Pausing is not a change of version
 * and does not end one.
 */
export function versionTimeline(
  campaign: { status: CampaignStatus; version: number; activatedAt: Date | null; updatedAt: Date },
  stored: readonly StoredVersion[],
): CampaignVersion[] {
  const sorted = [...stored].sort((a, b) => a.version - b.version);
  return sorted.map((v, i) => {
    const activeFrom = v.version === 1 ? campaign.activatedAt : v.createdAt;
    const next = sorted[i + 1];
    let activeUntil: Date | null = null;
    if (activeFrom !== null) {
      if (next) activeUntil = next.createdAt;
      else if (campaign.status === 'archived') activeUntil = campaign.updatedAt;
    }
    return { ...v, activeFrom, activeUntil, current: v.version === campaign.version };
  });
}
