import { Alert, Button, Group, List, Text } from '@mantine/core';

interface SaveBarProps {
  status: string;
  version: number;
  dirty: boolean;
  saving: boolean;
  canUndo: boolean;
  canRedo: boolean;
  /** The refused save's message and how many problems it named; null when the last save went through or none was tried. */
  refused: { message: string; count: number; general: string[] } | null;
  onUndo(): void;
  onRedo(): void;
  onSave(): void;
}

/** Undo, redo and save, what saving will do (a running campaign's edit is a new version), and why the last save was refused. */
export function SaveBar({ status, version, dirty, saving, canUndo, canRedo, refused, onUndo, onRedo, onSave }: SaveBarProps) {
  const newVersion = status !== 'draft';
  return (
    <>
      <Group justify="space-between" gap="xs">
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={onUndo} disabled={!canUndo} aria-keyshortcuts="Control+Z Meta+Z">Undo</Button>
          <Button size="xs" variant="default" onClick={onRedo} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z">Redo</Button>
          <Text size="xs" c="dimmed" data-testid="save-state">{dirty ? 'Unsaved changes' : 'All changes saved'}</Text>
        </Group>
        <Group gap="xs">
          {newVersion && dirty && <Text size="xs" data-testid="new-version-note">Saving makes version {version + 1}; running enrolments finish on version {version}.</Text>}
          <Button size="xs" onClick={onSave} loading={saving} disabled={!dirty}>{newVersion ? `Save as version ${version + 1}` : 'Save'}</Button>
        </Group>
      </Group>
      {refused && (
        <Alert color="red" role="alert" title="Not saved" data-testid="save-refused">
          {refused.count > 0 ? `${refused.count === 1 ? 'One problem' : `${refused.count} problems`}, shown on the steps and fields they name. Your changes are kept.` : refused.message}
          {refused.general.length > 0 && <List size="sm" mt={4}>{refused.general.map((g) => <List.Item key={g}>{g}</List.Item>)}</List>}
        </Alert>
      )}
    </>
  );
}
