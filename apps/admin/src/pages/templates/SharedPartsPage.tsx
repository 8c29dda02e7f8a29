import { Alert, Badge, Button, Grid, Group, NavLink, Paper, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError, problemsByField } from '../../api/api-error';
import { useDeletePartial, useSavePartial, useTemplatePartials, type TemplatePartial } from '../../api/hooks/templates';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { can } from '../../session/permissions';
import { useSession } from '../../session/session-context';
import { CodeEditor } from './code-editor/CodeEditor';
import { sourceProblems } from './template-draft';

const NEW = '';

function describe(p: TemplatePartial): string {
  return p.name === 'layout' ? 'Wraps every email that uses {{#> layout}}…{{/layout}}; {{> @partial-block}} is where the email goes.' : `Used as {{> ${p.name}}} in email HTML.`;
}

/** One partial's editor: a refused save keeps the text and shows the problem at its line; a refused delete names the templates. */
function PartialEditor({ partial, editable, onSaved }: { partial: TemplatePartial | null; editable: boolean; onSaved: (name: string) => void }) {
  const [name, setName] = useState(partial?.name ?? '');
  const [source, setSource] = useState(partial?.source ?? '<p style="font-size:12px;color:#555">{{business.name}}</p>');
  const save = useSavePartial();
  const remove = useDeletePartial();
  const details = save.error instanceof ApiError ? save.error.details : [];
  const fields = problemsByField(details);
  const problems = sourceProblems(details.map((d) => (d.field === 'source' ? { ...d, field: 'html' } : d))).html ?? [];
  const submit = () => save.mutate({ name: name.trim(), source }, {
    onSuccess: (saved) => {
      notifications.show({ message: `Saved “${saved.name}”`, color: 'green', closeButtonProps: { 'aria-label': 'Dismiss' } });
      onSaved(saved.name);
    },
  });
  const change = (value: string) => {
    setSource(value);
    if (save.error) save.reset();
  };
  const deletable = partial && (partial.name !== 'layout' || partial.custom);
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        {partial ? <Group gap="xs"><Text fw={600} ff="monospace">{partial.name}</Text>{partial.name === 'layout' && <Badge variant="light" color="gray">{partial.custom ? 'Your layout' : 'Shipped layout'}</Badge>}</Group>
          : <TextInput label="Name" description="a-z, 0-9, _ and -; used as {{> name}}" required value={name} error={fields.name} onChange={(e) => setName(e.currentTarget.value)} />}
        {partial && <Text size="sm" c="dimmed">{describe(partial)}</Text>}
        {save.error && <Alert color="red" role="alert">Not saved: {save.error.message}</Alert>}
        {remove.error && <Alert color="red" role="alert">Not deleted: {remove.error.message}</Alert>}
        <CodeEditor key={partial?.name ?? NEW} name="partial" label="HTML" minRows={10} value={source} onChange={change} language="html" problems={problems} readOnly={!editable} />
        {editable && (
          <Group>
            <Button onClick={submit} loading={save.isPending}>Save</Button>
            {deletable && <Button color="red" variant="light" loading={remove.isPending} onClick={() => remove.mutate(partial.name, { onSuccess: () => onSaved('layout') })}>{partial.name === 'layout' ? 'Go back to the shipped layout' : 'Delete'}</Button>}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** /templates/shared: the email layout and partials, edited once for every template of the business. */
export function SharedPartsPage() {
  const { role } = useSession();
  const editable = can(role, 'edit');
  const partials = useTemplatePartials();
  const [selected, setSelected] = useState('layout');
  return (
    <>
      <PageHeader title="Layout and partials" description="Shared parts of your emails, edited once for every template." />
      <QueryState query={partials}>
        {(data) => {
          const current = selected === NEW ? null : (data.items.find((p) => p.name === selected) ?? data.items[0]);
          return (
            <Grid gap="md">
              <Grid.Col span={{ base: 12, md: 3 }}>
                <Stack gap={4} component="nav" aria-label="Partials">
                  {data.items.map((p) => <NavLink key={p.name} label={p.name} active={current?.name === p.name} onClick={() => setSelected(p.name)} component="button" />)}
                  {editable && <Button variant="light" size="xs" mt="xs" onClick={() => setSelected(NEW)}>New partial</Button>}
                </Stack>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 9 }}>
                {/* Keyed: another partial starts from its own source. */}
                <PartialEditor key={current ? `${current.name}:${current.updatedAt ?? 'shipped'}` : NEW} partial={current} editable={editable} onSaved={setSelected} />
              </Grid.Col>
            </Grid>
          );
        }}
      </QueryState>
    </>
  );
}
