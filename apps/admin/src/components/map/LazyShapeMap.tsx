import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import type { ShapeMapProps } from './map-types';

// Leaflet and geoman are a chunk of their own, loaded when a page first shows a map.
const ShapeMap = lazy(() => import('./ShapeMap'));

/** The shared map (stores, customer dots, circles and polygons, drawing tools), loaded on first use. */
export function LazyShapeMap(props: ShapeMapProps) {
  return (
    <Suspense fallback={<Center h={props.height ?? 420} aria-live="polite"><Loader size="sm" role="status" aria-label="Loading the map" /></Center>}>
      <ShapeMap {...props} />
    </Suspense>
  );
}
