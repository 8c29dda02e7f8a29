/** The journey editor's side-panel forms (issue 20). */
export { CampaignSettingsForm, type CampaignSettingsFormProps } from './CampaignSettingsForm';
export { StepForm, type StepFormProps } from './StepForm';
export { TriggerForm, type TriggerFormProps } from './TriggerForm';
export { fromApiDefinition, toApiDefinition, type CampaignDefinition, type FormProblems, type FormRefs, type Step, type Trigger } from './definition-types';
export { namesFrom, stepInWords, triggerInWords, type DescribeNames } from './describe-words';
export { durationInWords } from './durations';
export { problemsFor } from './form-problems';
