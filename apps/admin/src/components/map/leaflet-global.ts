import L from 'leaflet';

// leaflet-geoman extends the global L when it loads: this module runs first (imported before it).
(window as unknown as { L: typeof L }).L = L;
