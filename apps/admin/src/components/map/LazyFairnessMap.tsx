import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import type { FairnessMapProps } from './FairnessMap';

// Leaflet is a chunk of its own, loaded when a page first shows a map.
const FairnessMap = lazy(() => import('./FairnessMap'));

/** The areas map (a choropleth), loaded on first use. */
export function LazyFairnessMap(props: FairnessMapProps) {
  return (
    <Suspense fallback={<Center h={props.height ?? 420} aria-live="polite"><Loader size="sm" role="status" aria-label="Loading the map" /></Center>}>
      <FairnessMap {...props} />
    </Suspense>
  );
}
