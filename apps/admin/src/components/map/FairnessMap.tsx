import './leaflet-global';
import 'leaflet/dist/leaflet.css';
import './map.css';
import { useEffect, useMemo, useRef } from 'react';
import type L from 'leaflet';
import { CircleMarker, MapContainer, Marker, Polygon, ScaleControl, TileLayer, useMap } from 'react-leaflet';
import { placed, type MapStore } from './geometry';
import { configuredTileUrl, tileAttribution } from './map-tiles';
import { STORE_ICON } from './store-icons';
import { TextTooltip } from './TextTooltip';

/** One area to colour: a grid cell (corners) or a postal area (its customers' centroid). */
export interface ChoroplethArea {
  key: string;
  /** What hovering, tapping or focusing the area says: its name, ratio and counts. */
  label: string;
  color: string;
  /** Drawn with a heavy dark dashed edge. */
  flagged: boolean;
  shape: { kind: 'cell'; corners: [number, number][] } | { kind: 'point'; lat: number; lng: number };
}

export interface FairnessMapProps {
  label: string;
  areas: ChoroplethArea[];
  /** The business's stores: named markers, landmarks for the coloured areas. */
  stores: MapStore[];
  bounds: [[number, number], [number, number]] | undefined;
  height?: number;
}

function FitBounds({ bounds }: { bounds: FairnessMapProps['bounds'] }) {
  const map = useMap();
  const last = useRef<string>('');
  useEffect(() => {
    const key = JSON.stringify(bounds);
    if (!bounds || key === last.current) return;
    last.current = key;
    map.fitBounds(bounds, { padding: [16, 16], maxZoom: 15 });
  }, [map, bounds]);
  return null;
}

/** An area can be reached with Tab: Leaflet opens a layer's tooltip when its element takes focus. */
function focusable(label: string) {
  return {
    add: (e: L.LeafletEvent) => {
      const el = (e.target as L.Path).getElement();
      el?.setAttribute('tabindex', '0');
      el?.setAttribute('role', 'img');
      el?.setAttribute('aria-label', label);
    },
  };
}

/**
 * Areas coloured by a value (a choropleth), with the stores as named markers. Without configured tiles the map is
 * the product's plain ground with a scale bar: nothing is fetched from elsewhere.
 */
export default function FairnessMap({ label, areas, stores, bounds, height = 420 }: FairnessMapProps) {
  const tileUrl = useMemo(() => configuredTileUrl(document), []);
  return (
    <div role="region" aria-label={label} className="lr-map" style={{ height }}>
      {/* Quarter zoom steps: the first view fits the areas closely (at whole steps a phone shows them at half the size). */}
      <MapContainer center={[20, 0]} zoom={2} zoomSnap={0.25} style={{ height: '100%', width: '100%' }} attributionControl={!!tileUrl}>
        {tileUrl && <TileLayer url={tileUrl} attribution={tileAttribution(tileUrl)} />}
        <ScaleControl imperial={false} position="bottomleft" />
        <FitBounds bounds={bounds} />
        {areas.map((a) => {
          const path = { color: a.flagged ? '#212529' : '#495057', weight: a.flagged ? 3 : 1, dashArray: a.flagged ? '6 4' : undefined, fillColor: a.color, fillOpacity: 0.85 };
          // Keyed with the label: the element's name is set when Leaflet adds it.
          return a.shape.kind === 'cell'
            ? <Polygon key={`${a.key}:${a.label}`} positions={a.shape.corners} pathOptions={path} eventHandlers={focusable(a.label)}><TextTooltip text={a.label} sticky className="lr-area-tooltip" /></Polygon>
            : <CircleMarker key={`${a.key}:${a.label}`} center={[a.shape.lat, a.shape.lng]} radius={12} pathOptions={path} eventHandlers={focusable(a.label)}><TextTooltip text={a.label} className="lr-area-tooltip" /></CircleMarker>;
        })}
        {/* Over the areas, not interactive (a tap reaches the area below); the name is always shown. */}
        {stores.filter(placed).map((s) => (
          <Marker key={s.id} position={s} icon={STORE_ICON} title={s.name} keyboard={false} interactive={false}>
            <TextTooltip permanent direction="right" offset={[10, 0]} className="lr-store-label" text={s.name} />
          </Marker>
        ))}
      </MapContainer>
    </div>
  );
}
