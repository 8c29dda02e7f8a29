import './leaflet-global';
import '@geoman-io/leaflet-geoman-free';
import 'leaflet/dist/leaflet.css';
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';
import './map.css';
import L, { type LatLngBoundsExpression } from 'leaflet';
import { useEffect, useMemo, useRef } from 'react';
import { Circle, CircleMarker, MapContainer, Marker, Polygon, ScaleControl, TileLayer, useMap, useMapEvents } from 'react-leaflet';
import { boundsOf, circleExtent, formatDistance, placed, type LatLng } from './geometry';
import { configuredTileUrl, tileAttribution } from './map-tiles';
import type { MapPin, MapShape, ShapeMapProps } from './map-types';
import { HIGHLIGHT_ICON, STORE_ICON } from './store-icons';
import { TextTooltip } from './TextTooltip';

// A pin's point is its tip: the square turned 45° reaches 12·√2 ≈ 17 px below its centre.
const PIN_ICON = L.divIcon({ className: 'lr-pin-marker', html: '<span aria-hidden="true"></span>', iconSize: [24, 24], iconAnchor: [12, 29] });

/** Clicks on the ground, except while a shape is being drawn (those clicks are the drawing's). */
function MapClicks({ onMapClick }: { onMapClick: NonNullable<ShapeMapProps['onMapClick']> }) {
  const handler = useRef(onMapClick);
  handler.current = onMapClick;
  const map = useMapEvents({
    click: (e) => {
      if (map.pm?.globalDrawModeEnabled()) return;
      handler.current(e.latlng, map.getZoom());
    },
  });
  return null;
}

function PinMarker({ pin, onPinMoved }: { pin: MapPin; onPinMoved: ShapeMapProps['onPinMoved'] }) {
  const map = useMap();
  const moved = (e: L.DragEndEvent) => onPinMoved?.((e.target as L.Marker).getLatLng(), map.getZoom());
  return (
    <Marker position={pin} icon={PIN_ICON} title={pin.label} alt={pin.label} draggable={!!pin.draggable} keyboard={!!pin.draggable} interactive={!!pin.draggable}
      eventHandlers={{ dragend: moved }} pmIgnore snapIgnore zIndexOffset={1000}>
      <TextTooltip permanent direction="top" offset={[0, -28]} className="lr-store-label lr-pin-label" text={pin.label} />
    </Marker>
  );
}

/** Geoman's drawing and editing toolbar; a drawn shape is handed up and removed (the shapes prop draws it back). */
function DrawingTools({ onCircleDrawn, onPolygonDrawn }: Pick<ShapeMapProps, 'onCircleDrawn' | 'onPolygonDrawn'>) {
  const map = useMap();
  const handlers = useRef({ onCircleDrawn, onPolygonDrawn });
  handlers.current = { onCircleDrawn, onPolygonDrawn };
  useEffect(() => {
    map.pm.addControls({
      position: 'topleft', drawMarker: false, drawCircleMarker: false, drawPolyline: false, drawRectangle: false, drawText: false,
      cutPolygon: false, rotateMode: false, removalMode: false, drawCircle: !!handlers.current.onCircleDrawn, drawPolygon: !!handlers.current.onPolygonDrawn, editMode: true, dragMode: true,
    });
    map.pm.setGlobalOptions({ snappable: true, snapDistance: 15 });
    // Geoman titles the button's container, not the button: screen readers would meet unnamed links.
    for (const container of map.getContainer().querySelectorAll('.leaflet-pm-toolbar .button-container[title]')) {
      container.querySelector('.leaflet-buttons-control-button')?.setAttribute('aria-label', container.getAttribute('title') ?? '');
    }
    const created = (e: { layer: L.Layer; shape?: string }) => {
      const layer = e.layer;
      if (e.shape === 'Circle' && layer instanceof L.Circle) handlers.current.onCircleDrawn?.(layer.getLatLng(), layer.getRadius());
      if (e.shape === 'Polygon' && layer instanceof L.Polygon) handlers.current.onPolygonDrawn?.((layer.getLatLngs() as L.LatLng[][])[0]);
      layer.remove();
    };
    map.on('pm:create', created);
    // StrictMode mounts effects twice: the first toolbar must go before the second is added.
    return () => {
      map.off('pm:create', created);
      map.pm.disableDraw();
      map.pm.removeControls();
    };
  }, [map]);
  return null;
}

/** Fits the view to what there is to see, once, when there first is something. */
function FitOnce({ bounds }: { bounds: LatLngBoundsExpression | undefined }) {
  const map = useMap();
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !bounds) return;
    done.current = true;
    // More room on the right: store names are written there.
    map.fitBounds(bounds, { paddingTopLeft: [24, 24], paddingBottomRight: [96, 24], maxZoom: 15 });
  }, [map, bounds]);
  return null;
}

function ShapeLayer({ shape, onEdited }: { shape: MapShape; onEdited: ShapeMapProps['onShapeEdited'] }) {
  const color = shape.problem ? '#c92a2a' : shape.locked ? '#495057' : '#1864ab';
  const edited = (e: { layer: L.Layer }) => {
    const layer = e.layer;
    if (layer instanceof L.Circle) onEdited?.(shape.key, { kind: 'circle', center: layer.getLatLng(), radiusMeters: layer.getRadius() });
    else if (layer instanceof L.Polygon) onEdited?.(shape.key, { kind: 'polygon', corners: (layer.getLatLngs() as L.LatLng[][])[0] });
  };
  const events = { 'pm:edit': edited };
  if (shape.kind === 'circle') {
    return (
      <Circle center={shape.center} radius={shape.radiusMeters} pathOptions={{ color, weight: 2, fillOpacity: 0.08 }} eventHandlers={events} pmIgnore={!!shape.locked}>
        <TextTooltip text={`${shape.label}: ${formatDistance(shape.radiusMeters)}`} />
      </Circle>
    );
  }
  return (
    <Polygon positions={shape.corners} pathOptions={{ color, weight: 2, fillOpacity: 0.08 }} eventHandlers={events} pmIgnore={!!shape.locked}>
      <TextTooltip text={shape.label} />
    </Polygon>
  );
}

function pointsOf(props: ShapeMapProps): LatLng[] {
  const shapes = props.shapes.flatMap((s) => (s.kind === 'circle' ? circleExtent(s.center, s.radiusMeters) : s.corners));
  // Dots change with every preview: the view is fitted to stores and shapes, to the dots only when there is nothing else.
  const fixed = [...props.stores.filter(placed), ...shapes, ...(props.pin?.fit ? [props.pin] : [])];
  return fixed.length > 0 ? fixed : props.dots;
}

/**
 * Stores, customers and shapes on a map. Without configured tiles the map is
 * a plain ground with a scale bar: nothing is fetched from elsewhere.
 */
export default function ShapeMap(props: ShapeMapProps) {
  const { stores, dots, shapes, editable, label, height = 420 } = props;
  const tileUrl = useMemo(() => configuredTileUrl(document), []);
  const bounds = boundsOf(pointsOf(props));
  return (
    <div role="region" aria-label={label} className="lr-map" style={{ height }}>
      <MapContainer center={[20, 0]} zoom={2} style={{ height: '100%', width: '100%' }} attributionControl={!!tileUrl}>
        {tileUrl && <TileLayer url={tileUrl} attribution={tileAttribution(tileUrl)} />}
        <ScaleControl imperial={false} position="bottomleft" />
        <FitOnce bounds={bounds} />
        {editable && <DrawingTools onCircleDrawn={props.onCircleDrawn} onPolygonDrawn={props.onPolygonDrawn} />}
        {/* Keyed with locked: geoman reads pmIgnore only when a layer is made. */}
        {shapes.map((s) => <ShapeLayer key={`${s.key}:${!!s.locked}`} shape={s} onEdited={props.onShapeEdited} />)}
        {dots.map((d) => (
          <CircleMarker key={d.id} center={d} radius={5} pathOptions={{ color: '#ffffff', weight: 1, fillColor: '#e8590c', fillOpacity: 1 }} interactive={false} pmIgnore snapIgnore />
        ))}
        {props.onMapClick && <MapClicks onMapClick={props.onMapClick} />}
        {/* The highlighted store last, with its marker raised: its label is drawn over those of stores close by. */}
        {stores.filter(placed).sort((a, b) => Number(a.id === props.highlight?.storeId) - Number(b.id === props.highlight?.storeId)).map((s) => {
          const highlighted = props.highlight?.storeId === s.id;
          // Not interactive: a click on a store reaches the map, so a circle can be drawn from its centre. The name is always shown.
          return (
            <Marker key={`${s.id}:${highlighted}`} position={s} icon={highlighted ? HIGHLIGHT_ICON : STORE_ICON} zIndexOffset={highlighted ? 500 : 0} title={s.name} keyboard={false} interactive={false} pmIgnore snapIgnore={false}>
              <TextTooltip permanent direction="right" offset={[highlighted ? 12 : 10, 0]} className={highlighted ? 'lr-store-label lr-store-label--highlight' : 'lr-store-label'} text={highlighted ? props.highlight!.label : s.name} />
            </Marker>
          );
        })}
        {/* Keyed by its label: Leaflet reads a marker's title only when it makes it. */}
        {props.pin && <PinMarker key={props.pin.label} pin={props.pin} onPinMoved={props.onPinMoved} />}
      </MapContainer>
    </div>
  );
}
