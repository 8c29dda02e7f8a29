import '@mantine/core/styles.css';
import { Code, Group, MantineProvider, Paper, Stack, Title } from '@mantine/core';
import { StrictMode, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { cssVariablesResolver, theme } from '../../../../theme';
import { CampaignSettingsForm, StepForm, TriggerForm } from '../index';
import { DEFINITION, REFS, SETTINGS_PROBLEMS, STEP_IDS, STEP_PROBLEMS, STEPS, TRIGGERS } from './harness-data';

// Dev only (never built): the side-panel forms in 360 px panels, for a look in a browser without the journey editor.
// Query: ?form=trigger|step|settings&i=<sample index>&readOnly=1&problems=1
const query = new URLSearchParams(window.location.search);
const form = query.get('form') ?? 'step';
const index = Number(query.get('i') ?? 0);
const readOnly = query.get('readOnly') === '1';
const withProblems = query.get('problems') === '1';

function Panel({ title, value, children }: { title: string; value: unknown; children: ReactNode }) {
  return (
    <Paper withBorder p="md" w={360} maw="100%">
      <Stack gap="sm">
        <Title order={2} size="h5">{title}</Title>
        {children}
        <Code block data-testid="value" tabIndex={0} aria-label="The value the form emits">{JSON.stringify(value, null, 1)}</Code>
      </Stack>
    </Paper>
  );
}

function Harness() {
  const [trigger, setTrigger] = useState(TRIGGERS[index] ?? TRIGGERS[0]);
  const [step, setStep] = useState(STEPS[index] ?? STEPS[0]);
  const [definition, setDefinition] = useState(DEFINITION);
  return (
    <Group align="flex-start" p="sm">
      {form === 'trigger' && <Panel title="Trigger" value={trigger}><TriggerForm trigger={trigger} onChange={setTrigger} problems={withProblems ? { eventType: 'is required' } : {}} refs={REFS} readOnly={readOnly} /></Panel>}
      {form === 'step' && <Panel title="Step" value={step}><StepForm step={step} stepIds={STEP_IDS} onChange={setStep} problems={withProblems ? STEP_PROBLEMS[index] ?? {} : {}} refs={REFS} readOnly={readOnly} /></Panel>}
      {form === 'settings' && (
        <Panel title="Settings" value={{ ...definition, steps: undefined, trigger: undefined }}>
          <CampaignSettingsForm definition={definition} onChange={setDefinition} problems={withProblems ? SETTINGS_PROBLEMS : {}} refs={REFS} readOnly={readOnly} />
        </Panel>
      )}
    </Group>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <main><Harness /></main>
    </MantineProvider>
  </StrictMode>,
);
