import { Alert, Button, Grid, Group, JsonInput, Menu, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useRef, useState, type MutableRefObject } from 'react';
import { ApiError, problemsByField } from '../../api/api-error';
import { useDeleteTemplate, useDraftPreview, useSaveTemplate, useTemplatePartials } from '../../api/hooks/templates';
import { ConfirmAction } from '../../components/ConfirmAction';
import { PageHeader } from '../../components/PageHeader';
import { can } from '../../session/permissions';
import { useSession } from '../../session/session-context';
import { CodeEditor } from './code-editor/CodeEditor';
import type { EditorHandle } from './code-editor/code-editor-props';
import { CustomerChoice, PreviewPane } from './PreviewPane';
import { parseSampleEvent, sourceProblems, templateVariables, type Channel, type SourceField, type SourceProblem, type TemplateDraft } from './template-draft';

type Handles = Partial<Record<SourceField, MutableRefObject<EditorHandle | null>>>;

/** A menu of the context's variables; the choice goes in at the cursor of the last editor focused. */
function VariablePicker({ channel, onPick }: { channel: Channel; onPick: (insert: string) => void }) {
  const partials = useTemplatePartials();
  const variables = templateVariables(channel, partials.data?.items.map((p) => p.name));
  const groups = [...new Set(variables.map((v) => v.group))];
  return (
    <Menu position="bottom-start" withinPortal shadow="md" width={320}>
      <Menu.Target><Button variant="light" size="xs">Insert variable</Button></Menu.Target>
      <Menu.Dropdown mah={360} style={{ overflowY: 'auto' }}>
        {groups.map((group) => (
          <div key={group}>
            <Menu.Label>{group}</Menu.Label>
            {variables.filter((v) => v.group === group).map((v) => (
              <Menu.Item key={v.insert} onClick={() => onPick(v.insert)}>
                <Text size="sm">{v.label}</Text>
                <Text size="xs" c="dimmed" ff="monospace">{v.insert}</Text>
              </Menu.Item>
            ))}
          </div>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

interface FieldsProps {
  draft: TemplateDraft;
  set: (field: SourceField, value: string) => void;
  problems: Partial<Record<SourceField, SourceProblem[]>>;
  readOnly: boolean;
  handles: Handles;
  focus: (field: SourceField) => void;
}

function EmailFields({ draft, set, problems, readOnly, handles, focus }: FieldsProps) {
  return (
    <>
      <div onFocusCapture={() => focus('subject')}>
        <CodeEditor name="subject" label="Subject" minRows={1} value={draft.subject} onChange={(v) => set('subject', v)} language="text" problems={problems.subject ?? []} readOnly={readOnly} handle={handles.subject} />
      </div>
      <div onFocusCapture={() => focus('preheader')}>
        <CodeEditor name="preheader" label="Preheader (optional)" description="The preview line inboxes show after the subject." minRows={1} value={draft.preheader} onChange={(v) => set('preheader', v)} language="text" problems={problems.preheader ?? []} readOnly={readOnly} handle={handles.preheader} />
      </div>
      <div onFocusCapture={() => focus('html')}>
        <CodeEditor name="html" label="HTML" description="Wrap the content in {{#> layout}}…{{/layout}} for the business header, address and unsubscribe footer." minRows={12} value={draft.html} onChange={(v) => set('html', v)} language="html" problems={problems.html ?? []} readOnly={readOnly} handle={handles.html} />
      </div>
      <div onFocusCapture={() => focus('text')}>
        <CodeEditor name="text" label="Plain text (optional)" description="Leave empty to derive it from the HTML." minRows={4} value={draft.text} onChange={(v) => set('text', v)} language="text" problems={problems.text ?? []} readOnly={readOnly} handle={handles.text} />
      </div>
    </>
  );
}

function SmsFields({ draft, set, problems, readOnly, handles, focus }: FieldsProps) {
  return (
    <div onFocusCapture={() => focus('body')}>
      <CodeEditor name="body" label="Message" description="The sender adds “Reply STOP to opt out.” to a customer's first SMS." minRows={5} value={draft.body} onChange={(v) => set('body', v)} language="text" problems={problems.body ?? []} readOnly={readOnly} handle={handles.body} />
    </div>
  );
}

/** Delete, behind a confirmation; the API's refusal (a campaign uses it) shows in the dialog. */
function DeleteTemplate({ id, name }: { id: string; name: string }) {
  const remove = useDeleteTemplate();
  const navigate = useNavigate();
  return (
    <ConfirmAction
      label="Delete template" title={`Delete “${name}”?`} confirmLabel="Delete" pending={remove.isPending} error={remove.error}
      consequence="Messages already queued still go out with it; campaigns that are not archived must stop using it first."
      onConfirm={(done) => remove.mutate(id, { onSuccess: () => { done(); void navigate({ to: '/templates' }); } })}
    />
  );
}

/** The API's problems with what is on screen: a refused save's, else the live preview's (a 422 on the sources). */
function problemsOf(saveError: unknown, previewError: unknown) {
  const error = saveError instanceof ApiError ? saveError : previewError instanceof ApiError && previewError.status === 422 ? previewError : undefined;
  return error?.details ?? [];
}

function useEditorState(initial: TemplateDraft) {
  const [draft, setDraft] = useState(initial);
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [eventText, setEventText] = useState('');
  const [settled] = useDebouncedValue(draft, 400);
  const [settledEvent] = useDebouncedValue(eventText, 400);
  const sample = parseSampleEvent(settledEvent);
  const preview = useDraftPreview(settled, customerId, sample.event);
  const handles: Handles = { subject: useRef(null), preheader: useRef(null), html: useRef(null), text: useRef(null), body: useRef(null) };
  const focused = useRef<SourceField>(initial.channel === 'sms' ? 'body' : 'html');
  const eventProblem = sample.problem ?? (preview.error instanceof ApiError ? problemsByField(preview.error.details)['context.event'] : undefined);
  return { draft, setDraft, customerId, setCustomerId, eventText, setEventText, eventProblem, settled, preview, handles, focused };
}

/**
 * The template editor: name and Handlebars sources in code editors, a
 * variable picker, and the API's preview of what is typed (asked 400 ms after
 * the last change; answers to older sources never show). A refused save keeps
 * everything typed and shows each problem at its field and line.
 */
export function TemplateEditor({ id, initial }: { id?: string; initial: TemplateDraft }) {
  const { role } = useSession();
  const editable = can(role, 'edit');
  const navigate = useNavigate();
  const { draft, setDraft, customerId, setCustomerId, eventText, setEventText, eventProblem, settled, preview, handles, focused } = useEditorState(initial);
  const save = useSaveTemplate(id);
  const details = problemsOf(save.error, preview.error);
  const fields = problemsByField(details);
  const problems = sourceProblems(details);
  const update = (change: Partial<TemplateDraft>) => {
    setDraft((d) => ({ ...d, ...change }));
    if (save.error) save.reset();
  };
  const submit = () => save.mutate(draft, {
    onSuccess: (saved) => {
      notifications.show({ message: `Saved “${saved.name}”`, color: 'green', closeButtonProps: { 'aria-label': 'Dismiss' } });
      if (!id) void navigate({ to: '/templates/$templateId', params: { templateId: saved.id } });
    },
  });
  const unplaced = save.error && !(save.error instanceof ApiError && save.error.details.length > 0);
  const fieldProps: FieldsProps = { draft, set: (field, value) => update({ [field]: value }), problems, readOnly: !editable, handles, focus: (f) => { focused.current = f; } };
  const saveButton = editable && <Button onClick={submit} loading={save.isPending}>Save template</Button>;
  return (
    <>
      <PageHeader title={id ? initial.name || 'Template' : `New ${draft.channel === 'sms' ? 'SMS' : 'email'} template`} description="Handlebars sources, checked and rendered by the API as you type." actions={saveButton} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <TextInput label="Name" required value={draft.name} readOnly={!editable} error={fields.name} onChange={(e) => update({ name: e.currentTarget.value })} />
              {unplaced && <Alert color="red" role="alert">{save.error?.message}</Alert>}
              {save.error instanceof ApiError && save.error.details.length > 0 && <Alert color="red" role="alert">Not saved: {save.error.message}</Alert>}
              {editable && <Group><VariablePicker channel={draft.channel} onPick={(insert) => handles[focused.current]?.current?.insert(insert)} /></Group>}
              {draft.channel === 'sms' ? <SmsFields {...fieldProps} /> : <EmailFields {...fieldProps} />}
              {saveButton && <Group justify="space-between">{saveButton}{id && <DeleteTemplate id={id} name={initial.name} />}</Group>}
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="sm">
            <CustomerChoice value={customerId} onChange={setCustomerId} />
            <JsonInput label="Sample triggering event (JSON)" description="For event.… variables; empty uses a sample cart_abandoned with cartUrl and items." placeholder='{ "type": "cart_abandoned", "properties": { "cartUrl": "https://…" } }' autosize minRows={2} maxRows={8} value={eventText} onChange={setEventText} error={eventProblem} />
            <PreviewPane preview={preview} waiting={settled !== draft} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
