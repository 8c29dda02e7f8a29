/** The journey editor's side-panel forms (issue 20). */
export { CampaignSettingsForm, type CampaignSettingsFormProps } from './CampaignSettingsForm';
export { StepForm, type StepFormProps } from './StepForm';
export { TriggerForm, type TriggerFormProps } from './TriggerForm';
export type { CampaignDefinition, FormProblems, FormRefs, Step, Trigger } from './definition-types';
export { namesFrom, stepInWords, triggerInWords, type DescribeNames } from './describe-words';
export { durationInWords } from './durations';
