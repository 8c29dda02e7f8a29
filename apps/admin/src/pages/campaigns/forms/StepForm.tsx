import { Select, Stack, Text, TextInput } from '@mantine/core';
import { ConditionEditor } from './ConditionEditor';
import type { Step, StepType } from './definition-types';
import { namesFrom, stepInWords } from './describe-words';
import { OtherProblems, TargetSelect } from './FormBits';
import { otherProblems, problemAt } from './form-problems';
import { MessageStepFields } from './MessageStepFields';
import { SplitStepFields } from './SplitStepFields';
import { patchStep, switchStepType } from './step-of';
import type { StepFieldsProps, StepFormProps } from './step-form-props';
import { STEP_TYPE_OPTIONS, stepValues, type StepContext, type StepValues } from './step-values';
import { WaitFields, WaitUntilFields } from './TimingStepFields';
import { UpdateStepFields } from './UpdateStepFields';

export type { StepFormProps } from './step-form-props';

// The fields each step type shows; a problem elsewhere is listed above them.
const SHOWN: Record<StepType, string[]> = {
  email: ['templateId', 'offer', 'next'], sms: ['templateId', 'offer', 'next'], wait: ['duration', 'next'], waitUntil: ['localTime', 'weekdays', 'next'],
  branch: ['condition', 'yes', 'no'], split: ['branches', 'autoWinner'], update: ['tags', 'attributes', 'next'], exit: [],
};
const LINEAR: readonly StepType[] = ['email', 'sms', 'wait', 'waitUntil', 'update'];

function BranchFields({ values, set, problems, readOnly, refs, stepIds, step }: StepFieldsProps) {
  return (
    <>
      <ConditionEditor label="Condition" condition={values.condition} onChange={(condition) => set({ condition })} problems={problems} prefix="condition" refs={refs} readOnly={readOnly} sinceEnrolment />
      <TargetSelect label="When the customer matches, go to" value={values.yes} stepIds={stepIds} self={step.id} readOnly={readOnly} error={problemAt(problems, 'yes')} onChange={(yes) => set({ yes })} />
      <TargetSelect label="Otherwise, go to" value={values.no} stepIds={stepIds} self={step.id} readOnly={readOnly} error={problemAt(problems, 'no')} onChange={(no) => set({ no })} />
    </>
  );
}

function TypeFields(props: StepFieldsProps) {
  switch (props.values.type) {
    case 'email':
    case 'sms': return <MessageStepFields {...props} />;
    case 'wait': return <WaitFields {...props} />;
    case 'waitUntil': return <WaitUntilFields {...props} />;
    case 'branch': return <BranchFields {...props} />;
    case 'split': return <SplitStepFields {...props} />;
    case 'update': return <UpdateStepFields {...props} />;
    case 'exit': return <Text size="sm" c="dimmed">The customer leaves the journey here.</Text>;
  }
}

/** One step of the journey, every type; switching type keeps where it goes on to, the template of the same channel and the coupon. */
export function StepForm(props: StepFormProps) {
  const { step, stepIds, onChange, problems, refs, readOnly } = props;
  const ctx: StepContext = { stepIds, templates: refs.templates };
  const values = stepValues(step, ctx);
  const set = (patch: Partial<StepValues>) => onChange(patchStep(step, patch, ctx));
  return (
    <Stack gap="sm" data-testid="step-form">
      <Text size="sm" c="dimmed" data-testid="in-words">{stepInWords(step, namesFrom(refs))}</Text>
      <TextInput label="Step id" description="Other steps refer to this step by it" value={step.id} readOnly error={problemAt(problems, 'id')} />
      <Select label="Step type" data={[...STEP_TYPE_OPTIONS]} value={step.type} allowDeselect={false} readOnly={readOnly} error={problemAt(problems, 'type')}
        onChange={(v) => v && onChange(switchStepType(step, v as Step['type'], ctx))} />
      <OtherProblems problems={otherProblems(problems, ['id', 'type', ...SHOWN[step.type]])} />
      <TypeFields {...props} values={values} set={set} />
      {LINEAR.includes(step.type) && (
        <TargetSelect label="Then go to" value={values.next} stepIds={stepIds} self={step.id} allowEnd readOnly={readOnly} error={problemAt(problems, 'next')} onChange={(next) => set({ next })} />
      )}
    </Stack>
  );
}
