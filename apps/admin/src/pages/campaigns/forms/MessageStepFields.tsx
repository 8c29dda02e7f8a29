import { Checkbox, Select, Stack, TextInput } from '@mantine/core';
import { problemAt } from './form-problems';
import { optionsOf } from './form-values';
import { templatesFor } from './step-of';
import type { StepFieldsProps } from './step-form-props';

function OfferFields({ values, set, problems, readOnly }: StepFieldsProps) {
  return (
    <Stack gap="xs" pl="md" style={{ borderLeft: '2px solid var(--mantine-color-gray-3)' }}>
      <TextInput label="Coupon prefix" description="2 to 12 capital letters A-Z or digits; a unique code per customer is generated at send time" value={values.couponPrefix}
        readOnly={readOnly} error={problemAt(problems, 'offer.couponPrefix')} onChange={(e) => set({ couponPrefix: e.currentTarget.value.toUpperCase() })} />
      <TextInput label="What the coupon gives" description="For the message, e.g. 10% off" value={values.offerDescription} readOnly={readOnly}
        error={problemAt(problems, 'offer.description')} onChange={(e) => set({ offerDescription: e.currentTarget.value })} />
      <TextInput label="Valid for (days)" description="1 to 365" inputMode="numeric" value={values.validDays} readOnly={readOnly}
        error={problemAt(problems, 'offer.validDays')} onChange={(e) => set({ validDays: e.currentTarget.value })} />
    </Stack>
  );
}

/** An email or SMS step: the template (of the step's channel) and an optional coupon. */
export function MessageStepFields(props: StepFieldsProps) {
  const { values, set, problems, readOnly, refs } = props;
  const channel = values.type === 'sms' ? 'SMS' : 'email';
  const templates = templatesFor(values.type, refs.templates);
  return (
    <>
      <Select label={`${channel === 'SMS' ? 'SMS' : 'Email'} template`} data={optionsOf(templates, values.templateId)} value={values.templateId || null} allowDeselect={false} readOnly={readOnly}
        searchable placeholder={templates.length ? 'Choose a template' : `No ${channel} templates yet`} nothingFoundMessage="No template" error={problemAt(problems, 'templateId')}
        onChange={(v) => v && set({ templateId: v })} />
      <Checkbox label="Include a coupon" checked={values.offer} disabled={readOnly} error={problemAt(problems, 'offer')} onChange={(e) => set({ offer: e.currentTarget.checked })} />
      {values.offer && <OfferFields {...props} />}
    </>
  );
}
