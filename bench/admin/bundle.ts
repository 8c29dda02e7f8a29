/**
 * What the admin's first page costs to download, read from the Vite manifest
 * of dist/admin (build.manifest): the index entry and its static imports, plus
 * the dashboard route's lazy chunk and its static imports (the router loads it
 * before the page can render), each minified and gzipped (node:zlib level 9).
 * Every other dynamic import is listed as loaded later. Beside it, a bare
 * React 19 + ReactDOM hello-world built by the same Vite in the same run: the
 * floor any React admin pays.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ManifestChunk {
  file: string;
  src?: string;
  name?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

export interface FileSize {
  file: string;
  bytes: number;
  gzip: number;
}

export interface LazyChunk extends FileSize {
  /** The module that is imported lazily (its source path), and what it pulls in that the first page did not. */
  src: string;
  /** Bytes of its static imports not already loaded by the first page (gzip, summed per file). */
  extraGzip: number;
  extraBytes: number;
}

export interface BundleReport {
  firstPage: FileSize[];
  firstPageCss: FileSize[];
  lazy: LazyChunk[];
  floor: FileSize[];
}

/** The dashboard route's lazy module, as the manifest names it. */
export const DASHBOARD_SRC = 'src/pages/dashboard/DashboardPage.tsx';

const sizeOf = (dir: string, file: string): FileSize => {
  const body = readFileSync(join(dir, file));
  return { file, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
};

/** `keys` and everything they import statically, as manifest keys. */
export function staticClosure(manifest: Manifest, keys: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the manifest has no chunk "${key}"`);
    seen.add(key);
    for (const next of chunk.imports ?? []) visit(next);
  };
  keys.forEach(visit);
  return seen;
}

export function readManifest(adminDir: string): Manifest {
  try {
    return JSON.parse(readFileSync(join(adminDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(`no Vite manifest in ${adminDir} (build.manifest in apps/admin/vite.config.mts; run npm run build): ${(error as Error).message}`);
  }
}

/** The first page's JavaScript and CSS (entry + dashboard route), and every other lazy module with what it adds. */
export function adminSizes(adminDir: string, manifest: Manifest = readManifest(adminDir)): Omit<BundleReport, 'floor'> {
  const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
  if (!entry) throw new Error('the manifest has no entry');
  if (!manifest[DASHBOARD_SRC]) throw new Error(`the manifest has no ${DASHBOARD_SRC}`);
  const first = staticClosure(manifest, [entry, DASHBOARD_SRC]);
  const files = (keys: Iterable<string>) => [...new Set([...keys].map((k) => manifest[k].file))];
  const firstPage = files(first).map((f) => sizeOf(adminDir, f)).sort((a, b) => b.gzip - a.gzip);
  const firstPageCss = [...new Set([...first].flatMap((k) => manifest[k].css ?? []))].map((f) => sizeOf(adminDir, f));
  const lazy = Object.keys(manifest)
    .filter((k) => manifest[k].isDynamicEntry && k !== DASHBOARD_SRC)
    .map((k) => {
      const extra = files([...staticClosure(manifest, [k])].filter((x) => !first.has(x))).map((f) => sizeOf(adminDir, f));
      return {
        ...sizeOf(adminDir, manifest[k].file), src: k,
        extraGzip: extra.reduce((s, x) => s + x.gzip, 0), extraBytes: extra.reduce((s, x) => s + x.bytes, 0),
      };
    })
    .sort((a, b) => b.extraGzip - a.extraGzip);
  return { firstPage, firstPageCss, lazy };
}

/**
 * A bare React + ReactDOM page (createRoot(…).render(<h1>)) built by the
 * project's Vite CLI with its defaults (production, its minifier), in a folder
 * under dist/ so react resolves from the project's node_modules.
 */
export function reactFloor(projectRoot: string): FileSize[] {
  const root = join(projectRoot, 'dist', 'bench-react-floor');
  const out = join(root, 'out');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><html><body><div id="root"></div><script type="module" src="./main.js"></script></body></html>\n');
  writeFileSync(join(root, 'main.js'), "import { createElement } from 'react';\nimport { createRoot } from 'react-dom/client';\n" +
    "createRoot(document.getElementById('root')).render(createElement('h1', null, 'Hello'));\n");
  // The root has no vite.config, so Vite's defaults apply.
  const vite = join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', root, '--outDir', out, '--logLevel', 'warn'], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`the React floor build failed: ${built.stderr || built.stdout}`);
  const assets = join(out, 'assets');
  const js = readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => sizeOf(assets, f));
  rmSync(root, { recursive: true, force: true });
  return js;
}
