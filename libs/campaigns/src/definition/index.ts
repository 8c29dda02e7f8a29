export * from './campaign-definition';
export * from './campaign-validator';
export * from './campaign.input';
export * from './campaign-presets';
export { CampaignFromPresetInput, PresetParamsInput } from './campaign-preset.input';
export * from './validate-auto-winner';
export * from './campaign-definition.schema';
export * from './describe';
export * from './preset-catalog';
