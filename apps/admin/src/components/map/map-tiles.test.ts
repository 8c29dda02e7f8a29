import { describe, expect, it } from 'vitest';
import { configuredTileUrl, tileAttribution } from './map-tiles';

const docWith = (content: string | null) => ({ querySelector: () => (content === null ? null : { content }) }) as unknown as Document;

describe('map tiles', () => {
  it('uses the tile URL the API configured, and none when the tag is empty or missing', () => {
    expect(configuredTileUrl(docWith('https://tile.openstreetmap.org/{z}/{x}/{y}.png'))).toBe('https://tile.openstreetmap.org/{z}/{x}/{y}.png');
    expect(configuredTileUrl(docWith(''))).toBeUndefined();
    expect(configuredTileUrl(docWith(null))).toBeUndefined();
  });

  it('credits OpenStreetMap for its tiles, and names the host otherwise', () => {
    expect(tileAttribution('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe('© OpenStreetMap contributors');
    expect(tileAttribution('https://{s}.tiles.example.com/{z}/{x}/{y}.png')).toBe('Tiles: tiles.example.com');
  });
});
