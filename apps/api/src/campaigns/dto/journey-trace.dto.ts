import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  ENROLLMENT_OUTCOMES, MESSAGE_STATUSES, STEP_OUTCOMES, STEP_TYPES,
  type EnrollmentOutcome, type EnrollmentTrace, type MessageStatus, type Recipient, type SkippedTrigger, type StepOutcome, type StepType, type TraceStep,
} from '@localreach/campaigns';
import { PageQueryDto } from '../../common/pagination.dto';

const STATES = ['active', 'completed', 'exited', 'converted', 'failed'] as const;
type State = (typeof STATES)[number];
const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

const HEADLINE = 'What became of the enrolment: its furthest message (clicked > opened > delivered > sent), else one held or queued (pending), '
  + 'else why not (failed, skipped); with no message at all: skipped (holdout, goal_reached, branch_taken:yes|no, campaign_archived, exit_step, journey_end), '
  + 'failed (journey_error), held (campaign_paused) or pending (still running)';
const REASONS = 'held: quiet_hours | frequency_cap | campaign_paused; skipped: no_consent | unsubscribed | suppressed | no_address | holdout | goal_reached | missed_local_day | '
  + 'campaign_archived | branch_taken:yes | branch_taken:no | exit_step | journey_end; failed: the provider\'s code (550, 21211, …) or journey_error; '
  + 'pending/queued: the last transient provider error when a retry is scheduled';

export class RecipientsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: [...ENROLLMENT_OUTCOMES], description: HEADLINE }) @IsOptional() @IsIn([...ENROLLMENT_OUTCOMES]) outcome?: EnrollmentOutcome;
  @ApiPropertyOptional({ description: `Only this reason. ${REASONS}`, example: 'no_consent', maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) reason?: string;
  @ApiPropertyOptional({ enum: STATES, description: 'Only enrolments in this state' }) @IsOptional() @IsIn([...STATES]) state?: State;
}

export class RecipientFilterQueryDto {
  @ApiPropertyOptional({ enum: [...ENROLLMENT_OUTCOMES], description: HEADLINE }) @IsOptional() @IsIn([...ENROLLMENT_OUTCOMES]) outcome?: EnrollmentOutcome;
  @ApiPropertyOptional({ description: `Only this reason. ${REASONS}`, example: 'no_consent', maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) reason?: string;
  @ApiPropertyOptional({ enum: STATES, description: 'Only enrolments in this state' }) @IsOptional() @IsIn([...STATES]) state?: State;
}

export class RecipientCustomerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) firstName: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
}

export class CampaignRecipientDto {
  @ApiProperty({ format: 'uuid' }) enrollmentId: string;
  @ApiProperty({ type: RecipientCustomerDto }) customer: RecipientCustomerDto;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: String, nullable: true, description: 'The variant of the latest A/B split it passed' }) variant: string | null;
  @ApiProperty({ description: 'In the control group: enrolled, never messaged' }) holdout: boolean;
  @ApiProperty({ enum: STATES }) state: State;
  @ApiProperty({ type: String, nullable: true, description: 'goal_reached, exit_step, journey_end, campaign_archived or error' }) endReason: string | null;
  @ApiProperty({ format: 'date-time' }) enrolledAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt: string | null;
  @ApiProperty({ enum: [...ENROLLMENT_OUTCOMES], description: HEADLINE }) outcome: EnrollmentOutcome;
  @ApiProperty({ type: String, nullable: true, description: REASONS }) reason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Held or pending: until when' }) until: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The step of the message that tells its story (the furthest it got); null without a message' }) stepId: string | null;
  @ApiProperty({ type: String, enum: ['email', 'sms', null], nullable: true, description: 'That message\'s channel' }) channel: 'email' | 'sms' | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When that message was sent' }) sentAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Its first human open' }) openedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Its first human click' }) clickedAt: string | null;
  @ApiProperty({ type: 'integer', description: 'Orders credited to its messages (last touch)' }) conversions: number;
  @ApiProperty({ type: Number, description: 'Their revenue' }) revenue: number;

  static from(r: Recipient): CampaignRecipientDto {
    return {
      ...r, enrolledAt: r.enrolledAt.toISOString(), endedAt: iso(r.endedAt), until: iso(r.until), sentAt: iso(r.sentAt), openedAt: iso(r.openedAt), clickedAt: iso(r.clickedAt),
    };
  }
}

export class CampaignRecipientPageDto {
  @ApiProperty({ type: [CampaignRecipientDto], description: 'In enrolment order' }) items: CampaignRecipientDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class TraceMessageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['email', 'sms'] }) channel: 'email' | 'sms';
  @ApiProperty({ enum: [...MESSAGE_STATUSES] }) status: MessageStatus;
  @ApiProperty({ type: String, nullable: true }) variant: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The address it was sent to' }) to: string | null;
  @ApiProperty({ type: String, nullable: true }) subject: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the journey queued it' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'SMS: the carrier confirmed delivery' }) deliveredAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'First human open (machine opens do not count)' }) openedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'First human click' }) clickedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The last reason it was held (quiet_hours, frequency_cap), even once sent' }) heldReason: string | null;
  @ApiProperty({ type: String, nullable: true }) errorCode: string | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}

export class TraceStepDto {
  @ApiProperty({ type: 'integer', description: 'Order of execution within the enrolment' }) seq: number;
  @ApiProperty() stepId: string;
  @ApiProperty({ enum: [...STEP_TYPES, null], nullable: true, type: String, description: 'The step\'s type in the enrolment\'s version' }) type: StepType | null;
  @ApiProperty({ format: 'date-time', description: 'When the step ran' }) at: string;
  @ApiProperty({
    enum: [...STEP_OUTCOMES],
    description: 'Message steps: queued, sent, delivered, opened, clicked, held, skipped, failed; waits: waiting, waited; branched; split; updated; exited; '
      + 'and skipped or failed for the step an enrolment ended before running (goal_reached, campaign_archived, journey_error)',
  })
  outcome: StepOutcome;
  @ApiProperty({ type: String, nullable: true, description: `${REASONS}; branched: branch_taken:yes|no; split: variant:<label>` }) reason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Held: until when; waits: when the wait ends; queued: when it is due' }) until: string | null;
  @ApiProperty({ type: TraceMessageDto, nullable: true, description: 'The message of an email or SMS step' }) message: TraceMessageDto | null;

  static from(s: TraceStep): TraceStepDto {
    const m = s.message;
    return {
      seq: s.seq, stepId: s.stepId, type: s.type, at: s.at.toISOString(), outcome: s.outcome, reason: s.reason, until: iso(s.until),
      message: m === null ? null : {
        ...m, createdAt: m.createdAt.toISOString(), sentAt: iso(m.sentAt), deliveredAt: iso(m.deliveredAt), openedAt: iso(m.openedAt), clickedAt: iso(m.clickedAt),
      },
    };
  }
}

export class TraceCampaignDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['draft', 'active', 'paused', 'archived'] }) status: 'draft' | 'active' | 'paused' | 'archived';
  @ApiProperty({ description: 'The campaign was deleted (its history stays)' }) deleted: boolean;
}

export class CustomerJourneyDto {
  @ApiProperty({ format: 'uuid' }) enrollmentId: string;
  @ApiProperty({ type: TraceCampaignDto }) campaign: TraceCampaignDto;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ description: 'In the control group: enrolled, never messaged' }) holdout: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The variant of the latest A/B split it passed' }) variant: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Split step id → the variant drawn there' }) variants: Record<string, string>;
  @ApiProperty({ enum: STATES }) state: State;
  @ApiProperty({ type: String, nullable: true, description: 'goal_reached, exit_step, journey_end, campaign_archived or error' }) endReason: string | null;
  @ApiProperty({ format: 'date-time' }) enrolledAt: string;
  @ApiProperty({
    format: 'date-time',
    description: 'When its trigger happened (the event\'s occurredAt, the customer\'s creation, the date\'s fire time…): since-enrolment conditions, the goal window and the first waits count from here',
  }) anchoredAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'While active: the step it runs next' }) nextStepId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'While active: when (null while the campaign is paused)' }) nextRunAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The journey\'s last error (a failed branch query, …)' }) lastError: string | null;
  @ApiProperty({ enum: [...ENROLLMENT_OUTCOMES], description: HEADLINE }) outcome: EnrollmentOutcome;
  @ApiProperty({ type: String, nullable: true, description: REASONS }) reason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) until: string | null;
  @ApiProperty({ type: [TraceStepDto], description: 'Every step reached, in order' }) steps: TraceStepDto[];

  static from(t: EnrollmentTrace): CustomerJourneyDto {
    return {
      ...t, enrolledAt: t.enrolledAt.toISOString(), anchoredAt: t.anchoredAt.toISOString(), endedAt: iso(t.endedAt), nextRunAt: iso(t.nextRunAt), until: iso(t.until), steps: t.steps.map((s) => TraceStepDto.from(s)),
    };
  }
}

export class SkippedTriggerDto {
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty() campaignName: string;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: String, nullable: true }) eventId: string | null;
  @ApiProperty({ type: String, nullable: true }) eventType: string | null;
  @ApiProperty({ enum: ['event_too_old'], description: 'event_too_old: the event occurred longer before it reached the campaign than its trigger.maxEventAge (default P1D)' })
  reason: 'event_too_old';
  @ApiProperty({ description: 'In words, e.g. "event occurred 2 days before it reached the campaign; older than the campaign\'s 1 day limit (trigger.maxEventAge)"' })
  detail: string;
  @ApiProperty({ format: 'date-time', description: 'When the event occurred' }) occurredAt: string;
  @ApiProperty({ format: 'date-time', description: 'When the campaign ignored it' }) at: string;

  static from(s: SkippedTrigger): SkippedTriggerDto {
    return { ...s, occurredAt: s.occurredAt.toISOString(), at: s.at.toISOString() };
  }
}

export class CustomerJourneyPageDto {
  @ApiProperty({ type: [CustomerJourneyDto], description: 'Newest enrolment first' }) items: CustomerJourneyDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
  @ApiProperty({ type: [SkippedTriggerDto], description: 'Triggers campaigns ignored for this customer (the latest 50; on the first page only, empty on later pages)' })
  skippedTriggers: SkippedTriggerDto[];
}
