/** The tile URL template the API put in index.html (`<meta name="localreach-map-tiles">`); undefined when none is configured (maps draw on a plain ground). */
export function configuredTileUrl(doc: Pick<Document, 'querySelector'>): string | undefined {
  const content = doc.querySelector<HTMLMetaElement>('meta[name="localreach-map-tiles"]')?.content?.trim();
  return content ? content : undefined;
}

/** Credits for the tiles: the host they come from (OpenStreetMap's tiles require naming OpenStreetMap). */
export function tileAttribution(url: string): string {
  const host = url.replace(/^https?:\/\//, '').split('/')[0].replace(/\{s\}\./, '');
  return /openstreetmap/.test(host) ? '© OpenStreetMap contributors' : `Tiles: ${host}`;
}
