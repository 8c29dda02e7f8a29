import { ApiProperty } from '@nestjs/swagger';
import {
  PRESET_NAMES, STEP_TYPES, type PresetName, type PresetSummary, type PresetTemplate, type StepType,
} from '@localreach/campaigns';
import { TriggerSummaryDto } from './audience.dto';

export class PresetParamDto {
  @ApiProperty({ enum: ['name', 'geofenceId', 'storeId'], description: 'Key in the params of POST /v1/campaigns/from-preset' }) name: 'name' | 'geofenceId' | 'storeId';
  @ApiProperty({ enum: ['string'] }) type: 'string';
  @ApiProperty({ type: String, enum: ['uuid', null], nullable: true }) format: 'uuid' | null;
  @ApiProperty() required: boolean;
  @ApiProperty() description: string;
}

export class PresetStepDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: [...STEP_TYPES] }) type: StepType;
  @ApiProperty({ description: 'The step in words' }) summary: string;
  @ApiProperty({ type: String, nullable: true, description: 'Email and SMS steps: the shipped template (GET /v1/shipped-templates) copied for it' }) templateKey: string | null;
}

export class PresetSegmentDto {
  @ApiProperty() name: string;
  @ApiProperty({ allOf: [{ $ref: '#/components/schemas/SegmentDefinition' }] }) definition: unknown;
}

export class PresetDto {
  @ApiProperty({ enum: [...PRESET_NAMES], description: 'What POST /v1/campaigns/from-preset takes as preset' }) key: PresetName;
  @ApiProperty({ description: 'The campaign\'s default name' }) name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [PresetParamDto], description: 'What params it takes; required ones must be given' }) params: PresetParamDto[];
  @ApiProperty({ type: TriggerSummaryDto }) trigger: TriggerSummaryDto;
  @ApiProperty({ type: [PresetStepDto] }) steps: PresetStepDto[];
  @ApiProperty({ type: String, nullable: true, description: 'The goal in words' }) goal: string | null;
  @ApiProperty({ description: 'Re-entry in words' }) reentry: string;
  @ApiProperty({ enum: ['high', 'normal', 'low'] }) priority: 'high' | 'normal' | 'low';
  @ApiProperty({ type: [String], description: 'Shipped templates copied into the business' }) templateKeys: string[];
  @ApiProperty({ type: PresetSegmentDto, nullable: true, description: 'The segment it creates first (win_back)' }) createsSegment: PresetSegmentDto | null;

  static from(p: PresetSummary): PresetDto {
    return { ...p, steps: p.steps.map((s) => ({ ...s })), params: p.params.map((x) => ({ ...x })) };
  }
}

export class PresetListDto {
  @ApiProperty({ type: [PresetDto] }) items: PresetDto[];
}

export class ShippedTemplateDto {
  @ApiProperty({ description: 'Library key, e.g. welcome-1' }) key: string;
  @ApiProperty({ enum: ['email', 'sms'] }) channel: 'email' | 'sms';
  @ApiProperty({ type: String, nullable: true, description: 'Email: subject source' }) subject: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Email: HTML source (uses the layout partial)' }) html: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Email: plain-text source; null = derived from html' }) text: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'SMS: body source' }) body: string | null;
  @ApiProperty({ enum: [...PRESET_NAMES], isArray: true, description: 'Presets that use it' }) usedBy: PresetName[];

  static from(t: PresetTemplate, usedBy: PresetName[]): ShippedTemplateDto {
    const s = t.template;
    return s.channel === 'sms'
      ? { key: t.name, channel: 'sms', subject: null, html: null, text: null, body: s.body, usedBy }
      : { key: t.name, channel: 'email', subject: s.subject, html: s.html, text: s.text ?? null, body: null, usedBy };
  }
}

export class ShippedTemplateListDto {
  @ApiProperty({ type: [ShippedTemplateDto], description: 'Sorted by key' }) items: ShippedTemplateDto[];
}
