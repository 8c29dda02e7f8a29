import type { LatLng, MapStore } from './geometry';

/** A shape on the map, named by the caller's key (a rule-tree path, a geofence id). */
export type MapShape = { key: string; label: string; problem?: boolean; /** Drawn but not editable with the map's tools. */ locked?: boolean } & ({ kind: 'circle'; center: LatLng; radiusMeters: number } | { kind: 'polygon'; corners: LatLng[] });

export type EditedShape = { kind: 'circle'; center: LatLng; radiusMeters: number } | { kind: 'polygon'; corners: LatLng[] };

export interface MapDot extends LatLng {
  id: string;
}

export interface ShapeMapProps {
  /** The map region's accessible name. */
  label: string;
  stores: MapStore[];
  /** Sample customers: small dots. */
  dots: MapDot[];
  shapes: MapShape[];
  /** Shows the drawing and editing tools. */
  editable: boolean;
  onCircleDrawn?: (center: LatLng, radiusMeters: number) => void;
  onPolygonDrawn?: (corners: LatLng[]) => void;
  onShapeEdited?: (key: string, shape: EditedShape) => void;
  height?: number;
}
