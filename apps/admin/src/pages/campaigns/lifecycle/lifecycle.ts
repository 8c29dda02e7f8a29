import type { FieldProblem } from '../../../api/api-error';

export type CampaignStatus = 'draft' | 'active' | 'paused' | 'archived';
export type CampaignAction = 'activate' | 'pause' | 'archive';

/** What each status may move to, as the API allows it (CampaignService's transitions). */
export function actionsFor(status: CampaignStatus): CampaignAction[] {
  switch (status) {
    case 'draft': return ['activate', 'archive'];
    case 'active': return ['pause', 'archive'];
    case 'paused': return ['activate', 'archive'];
    default: return [];
  }
}

/** The button's words: a paused campaign is resumed, not activated. */
export function actionLabel(action: CampaignAction, status: CampaignStatus): string {
  if (action === 'activate') return status === 'paused' ? 'Resume' : 'Activate';
  return action === 'pause' ? 'Pause' : 'Archive';
}

/** What the action does, in a sentence, for the confirmation. */
export function consequence(action: CampaignAction, status: CampaignStatus): string {
  if (action === 'activate') {
    return status === 'paused'
      ? 'Held enrolments carry on where they stopped; nothing is sent twice, and new customers are enrolled again.'
      : 'The campaign starts: customers are enrolled as its trigger says and messages go out.';
  }
  if (action === 'pause') return 'Every enrolment holds where it is and nobody new is enrolled, until you resume it.';
  return 'The campaign ends for good: running enrolments exit and unsent messages are cancelled. Its report stays.';
}

/** A refusal's message and each problem with the field it names ("status: is archived; …"). */
export function refusalLines(error: { message: string; details?: FieldProblem[] }): { message: string; problems: string[] } {
  return { message: error.message, problems: (error.details ?? []).map((d) => `${d.field}: ${d.message}`) };
}

/** Drafts and archived campaigns may be deleted (the API says why the others may not). */
export function deletable(status: CampaignStatus): boolean {
  return status === 'draft' || status === 'archived';
}
