import './leaflet-global';
import 'leaflet/dist/leaflet.css';
import './map.css';
import { useEffect, useMemo, useRef } from 'react';
import { CircleMarker, MapContainer, Polygon, ScaleControl, TileLayer, useMap } from 'react-leaflet';
import { configuredTileUrl, tileAttribution } from './map-tiles';
import { TextTooltip } from './TextTooltip';

/** One area to colour: a grid cell (corners) or a postal area (its customers' centroid). */
export interface ChoroplethArea {
  key: string;
  label: string;
  color: string;
  /** Drawn with a heavy dark dashed edge. */
  flagged: boolean;
  shape: { kind: 'cell'; corners: [number, number][] } | { kind: 'point'; lat: number; lng: number };
}

export interface FairnessMapProps {
  label: string;
  areas: ChoroplethArea[];
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

/**
 * Areas coloured by a value (a choropleth). Without configured tiles the map is
 * the product's plain ground with a scale bar: nothing is fetched from elsewhere.
 */
export default function FairnessMap({ label, areas, bounds, height = 420 }: FairnessMapProps) {
  const tileUrl = useMemo(() => configuredTileUrl(document), []);
  return (
    <div role="region" aria-label={label} className="lr-map" style={{ height }}>
      <MapContainer center={[20, 0]} zoom={2} style={{ height: '100%', width: '100%' }} attributionControl={!!tileUrl}>
        {tileUrl && <TileLayer url={tileUrl} attribution={tileAttribution(tileUrl)} />}
        <ScaleControl imperial={false} position="bottomleft" />
        <FitBounds bounds={bounds} />
        {areas.map((a) => {
          const path = { color: a.flagged ? '#212529' : '#495057', weight: a.flagged ? 3 : 1, dashArray: a.flagged ? '6 4' : undefined, fillColor: a.color, fillOpacity: 0.85 };
          return a.shape.kind === 'cell'
            ? <Polygon key={a.key} positions={a.shape.corners} pathOptions={path}><TextTooltip text={a.label} /></Polygon>
            : <CircleMarker key={a.key} center={[a.shape.lat, a.shape.lng]} radius={12} pathOptions={path}><TextTooltip text={a.label} /></CircleMarker>;
        })}
      </MapContainer>
    </div>
  );
}
