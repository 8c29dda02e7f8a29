import L from 'leaflet';

/** A store on any map: the `.lr-store-marker` square (map.css), its name written beside it by the caller. */
export const STORE_ICON = L.divIcon({ className: 'lr-store-marker', html: '<span aria-hidden="true"></span>', iconSize: [18, 18], iconAnchor: [9, 9] });
export const HIGHLIGHT_ICON = L.divIcon({ className: 'lr-store-marker lr-store-marker--highlight', html: '<span aria-hidden="true"></span>', iconSize: [22, 22], iconAnchor: [11, 11] });
