import type { FormProblems, FormRefs, Step } from './definition-types';
import type { StepValues } from './step-values';

export interface StepFormProps {
  step: Step;
  /** Every step id of the journey, for the selects of where a step goes on to. */
  stepIds: string[];
  onChange: (step: Step) => void;
  /** The API's problems at paths relative to the step ('templateId', 'branches[1].weight'). */
  problems: FormProblems;
  refs: FormRefs;
  readOnly: boolean;
}

/** What each step type's fields get: the form's props, the step's values and a way to change some of them. */
export interface StepFieldsProps extends StepFormProps {
  values: StepValues;
  set: (patch: Partial<StepValues>) => void;
}
