import type { LatLng, MapStore } from './geometry';

/** A shape on the map, named by the caller's key (a rule-tree path, a geofence id). */
export type MapShape = { key: string; label: string; problem?: boolean; /** Drawn but not editable with the map's tools. */ locked?: boolean } & ({ kind: 'circle'; center: LatLng; radiusMeters: number } | { kind: 'polygon'; corners: LatLng[] });

export type EditedShape = { kind: 'circle'; center: LatLng; radiusMeters: number } | { kind: 'polygon'; corners: LatLng[] };

export interface MapDot extends LatLng {
  id: string;
}

/** One marker the page places: a store being created or moved (draggable), a customer's position. */
export interface MapPin extends LatLng {
  label: string;
  /** Dragging it calls onPinMoved; it is also focusable (the page offers latitude and longitude fields for keyboards). */
  draggable?: boolean;
  /** The first view is fitted to hold it too (not for a pin that follows clicks: the view would jump to the first one). */
  fit?: boolean;
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
  /** A click on the ground (not while drawing), with the zoom it was made at (which says how precise it can be). */
  onMapClick?: (point: LatLng, zoom: number) => void;
  pin?: MapPin;
  onPinMoved?: (point: LatLng, zoom: number) => void;
  /** A store drawn in the highlight colour, with its own label (the customer's nearest store). */
  highlight?: { storeId: string; label: string };
  height?: number;
}
