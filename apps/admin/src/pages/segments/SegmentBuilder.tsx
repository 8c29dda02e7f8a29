import { Alert, Button, Grid, Group, Paper, Stack, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { ApiError, problemsByField } from '../../api/api-error';
import { useStores, type Store } from '../../api/hooks/locations';
import { useGeofences } from '../../api/hooks/geofences';
import { useSaveSegment, useSegmentPreview, type SegmentDraft } from '../../api/hooks/segments';
import { PageHeader } from '../../components/PageHeader';
import { RuleTreeEditor } from '../../components/segment-builder/RuleTreeEditor';
import { problemsAtNodes, type NodePath, type NodeProblem, type RuleNode } from '../../components/segment-builder/rule-tree';
import { can } from '../../session/permissions';
import { useSession } from '../../session/session-context';
import { LivePreview } from './LivePreview';
import { MapPanel } from './MapPanel';
import { addCircle, addPolygon, addStoreRadius, applyEditedShape, customerDots, shapesOf } from './segment-map';

/** The API's problems with what is on screen: a refused save's, else the live preview's (a 422 on the definition). */
function problemsOf(saveError: unknown, previewError: unknown) {
  const error = saveError instanceof ApiError ? saveError : previewError instanceof ApiError && previewError.status === 422 ? previewError : undefined;
  return error?.details ?? [];
}

function useBuilderData() {
  const stores = useStores();
  const geofences = useGeofences();
  const storeOptions = useMemo(() => (stores.data ?? []).map((s) => ({ value: s.id, label: s.name })), [stores.data]);
  const geofenceOptions = useMemo(() => (geofences.data ?? []).map((g) => ({ value: g.id, label: g.name })), [geofences.data]);
  return { stores: stores.data ?? [], storesLoaded: !stores.isPending, storeOptions, geofenceOptions };
}

/** The map beside the rules: what is drawn or typed there becomes a condition; shapes edited there change theirs. */
function BuilderMap({ definition, update, stores, sample, problems, editable }: { definition: RuleNode; update: (tree: RuleNode) => void; stores: Store[]; sample: { id: string; lat: number | null; lng: number | null }[]; problems: Record<NodePath, NodeProblem[]>; editable: boolean }) {
  return (
    <MapPanel
      stores={stores} dots={customerDots(sample)} shapes={shapesOf(definition, stores, problems)} editable={editable}
      onCircle={(center, radius) => update(addCircle(definition, center, radius, stores))}
      onPolygon={(corners) => update(addPolygon(definition, corners))}
      onStoreRadius={(storeId, meters) => update(addStoreRadius(definition, storeId, meters))}
      onEdited={(key, shape) => update(applyEditedShape(definition, key, shape, stores))}
    />
  );
}

/**
 * The segment builder: name, rule tree, a live count and sample (asked
 * 400 ms after the last change; answers to older definitions are never
 * shown), and the map beside it. A refused save keeps everything typed and
 * shows each problem at the field or condition it names.
 */
export function SegmentBuilder({ id, initial }: { id?: string; initial: SegmentDraft }) {
  const { role } = useSession();
  const editable = can(role, 'edit');
  const navigate = useNavigate();
  const [draft, setDraft] = useState(initial);
  const [settled] = useDebouncedValue(draft.definition, 400);
  const preview = useSegmentPreview(settled);
  const save = useSaveSegment(id);
  const { stores, storesLoaded, storeOptions, geofenceOptions } = useBuilderData();
  const details = problemsOf(save.error, preview.error);
  const nodeProblems = problemsAtNodes(draft.definition, details);
  const fieldProblems = problemsByField(details);
  // A change clears a refused save's problems; the live preview names those still there.
  const update = (change: (d: SegmentDraft) => SegmentDraft) => {
    setDraft(change);
    if (save.error) save.reset();
  };
  const setTree = (tree: RuleNode) => update((d) => ({ ...d, definition: tree }));
  const submit = () => {
    save.mutate(draft, {
      onSuccess: (saved) => {
        notifications.show({ message: `Saved “${saved.name}”`, color: 'green', closeButtonProps: { 'aria-label': 'Dismiss' } });
        if (!id) void navigate({ to: '/segments/$segmentId', params: { segmentId: saved.id } });
      },
    });
  };
  const unplaced = save.error && Object.keys(fieldProblems).length === 0;
  return (
    <>
      <PageHeader title={id ? initial.name || 'Segment' : 'New segment'} description="Rules on the left; who matches, and where, on the right." actions={editable && <Button onClick={submit} loading={save.isPending}>Save segment</Button>} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="sm">
            <Paper withBorder p="md">
              <Stack gap="sm">
                <TextInput label="Name" required value={draft.name} readOnly={!editable} error={fieldProblems.name} onChange={(e) => { const name = e.currentTarget.value; update((d) => ({ ...d, name })); }} />
                <Textarea label="Description" autosize minRows={1} value={draft.description} readOnly={!editable} error={fieldProblems.description} onChange={(e) => { const description = e.currentTarget.value; update((d) => ({ ...d, description })); }} />
              </Stack>
            </Paper>
            {unplaced && <Alert color="red" role="alert">{save.error?.message}</Alert>}
            <RuleTreeEditor tree={draft.definition} onChange={setTree} problems={nodeProblems} readOnly={!editable} stores={storeOptions} geofences={geofenceOptions} />
            {editable && <Group><Button onClick={submit} loading={save.isPending}>Save segment</Button></Group>}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="sm">
            <LivePreview preview={preview} waiting={settled !== draft.definition} />
            {storesLoaded && <BuilderMap definition={draft.definition} update={setTree} stores={stores} sample={preview.data?.sample ?? []} problems={nodeProblems} editable={editable} />}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
