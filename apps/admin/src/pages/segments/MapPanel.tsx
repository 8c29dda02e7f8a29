import { Button, Group, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { Store } from '../../api/hooks/locations';
import { kilometresToMeters, parseCorners, type LatLng } from '../../components/map/geometry';
import { LazyShapeMap } from '../../components/map/LazyShapeMap';
import type { EditedShape, MapDot, MapShape } from '../../components/map/map-types';

interface MapPanelProps {
  stores: Store[];
  dots: MapDot[];
  shapes: MapShape[];
  editable: boolean;
  onCircle: (center: LatLng, radiusMeters: number) => void;
  onPolygon: (corners: LatLng[]) => void;
  onStoreRadius: (storeId: string, radiusMeters: number) => void;
  onEdited: (key: string, shape: EditedShape) => void;
}

/** "Within N km of store S" from the keyboard. */
function StoreRadiusForm({ stores, onAdd }: { stores: Store[]; onAdd: MapPanelProps['onStoreRadius'] }) {
  const placedStores = stores.filter((s) => s.lat !== null && s.lng !== null).map((s) => ({ value: s.id, label: s.name }));
  const [storeId, setStoreId] = useState<string | null>(null);
  const [km, setKm] = useState('2');
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const meters = kilometresToMeters(km);
    const store = storeId ?? placedStores[0]?.value;
    if (!meters) return setError('A distance in kilometres, such as 2 or 0.5');
    if (!store) return setError('Choose a store');
    setError(undefined);
    onAdd(store, meters);
  };
  return (
    <form onSubmit={submit} aria-label="Add a radius around a store">
      <Group align="flex-end" gap="xs" wrap="wrap">
        <TextInput label="Within (km)" value={km} onChange={(e) => setKm(e.currentTarget.value)} inputMode="decimal" w={110} error={error} />
        <Select label="of store" data={placedStores} value={storeId ?? placedStores[0]?.value ?? null} onChange={setStoreId} allowDeselect={false} w={200} />
        <Button type="submit" variant="light">Add radius</Button>
      </Group>
    </form>
  );
}

/** A polygon from typed corners (the keyboard's way to draw one). */
function CornersForm({ onAdd }: { onAdd: MapPanelProps['onPolygon'] }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseCorners(text);
    if ('error' in parsed) return setError(parsed.error);
    setError(undefined);
    setText('');
    onAdd(parsed.corners);
  };
  return (
    <form onSubmit={submit} aria-label="Add a polygon from corners">
      <Stack gap="xs">
        <Textarea label="Polygon corners" description="One “latitude, longitude” per line" autosize minRows={3} value={text} onChange={(e) => setText(e.currentTarget.value)} error={error} />
        <Group><Button type="submit" variant="light">Add polygon</Button></Group>
      </Stack>
    </form>
  );
}

/** The map beside the rules: stores, sample customers, the definition's shapes, and the ways to add more. */
export function MapPanel(props: MapPanelProps) {
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">Map</Title>
        {props.editable && <Text size="xs" c="dimmed">Draw a circle or a polygon with the tools on the map: each becomes a condition (a circle centred within 150 m of a store is “near” that store). Dark squares are stores.</Text>}
        <LazyShapeMap label="Segment map" stores={props.stores} dots={props.dots} shapes={props.shapes} editable={props.editable} onCircleDrawn={props.onCircle} onPolygonDrawn={props.onPolygon} onShapeEdited={props.onEdited} height={380} />
        {props.editable && <StoreRadiusForm stores={props.stores} onAdd={props.onStoreRadius} />}
        {props.editable && <CornersForm onAdd={props.onPolygon} />}
      </Stack>
    </Paper>
  );
}
