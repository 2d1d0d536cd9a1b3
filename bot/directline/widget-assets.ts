import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { LOCALES } from '../../core/domain.js';
import { projectRoot } from '../../core/project-root.js';
import { localesDir } from '../i18n/locale-files.js';

const gzipAsync = promisify(gzip);

export type Asset = { body: Buffer; gzipped: Buffer | null; contentType: string; cacheControl: string };

/**
 * Web Chat's prebuilt bundle, served from node_modules by path: the package's exports map does not
 * expose dist/, and nothing is fetched from a CDN.
 */
function webChatBundlePath(): string {
  const entry = createRequire(import.meta.url).resolve('botframework-webchat');
  const marker = `${join('node_modules', 'botframework-webchat')}`;
  return join(entry.slice(0, entry.lastIndexOf(marker) + marker.length), 'dist', 'webchat.js');
}

async function asset(path: string, contentType: string, cacheControl: string, compress: boolean): Promise<Asset> {
  const body = await readFile(path);
  return { body, gzipped: compress ? await gzipAsync(body) : null, contentType, cacheControl };
}

/** The widget's files, read (and the big ones compressed) once, on first use. */
export class WidgetAssets {
  private loaded: Promise<Map<string, Asset>> | null = null;

  get(name: string): Promise<Asset | undefined> {
    this.loaded ??= this.load();
    return this.loaded.then((assets) => assets.get(name));
  }

  private async load(): Promise<Map<string, Asset>> {
    const widget = join(projectRoot(), 'bot', 'widget');
    // Our own files may change with a deploy: revalidate. Web Chat's bundle changes with its version.
    const own = 'no-cache';
    const strings = Object.fromEntries(
      await Promise.all(LOCALES.map(async (l) => [l, JSON.parse(await readFile(join(localesDir(), l, 'widget.json'), 'utf8')) as unknown] as const)),
    );
    const catalog: Asset = {
      body: Buffer.from(JSON.stringify({ locales: strings })),
      gzipped: null,
      contentType: 'application/json; charset=utf-8',
      cacheControl: own,
    };
    const entries = await Promise.all([
      asset(join(widget, 'chat.html'), 'text/html; charset=utf-8', 'no-store', false).then((a) => ['chat.html', a] as const),
      asset(join(widget, 'widget.js'), 'text/javascript; charset=utf-8', own, false).then((a) => ['widget.js', a] as const),
      asset(join(widget, 'widget.css'), 'text/css; charset=utf-8', own, false).then((a) => ['widget.css', a] as const),
      asset(join(widget, 'avatar.svg'), 'image/svg+xml', own, false).then((a) => ['avatar.svg', a] as const),
      asset(webChatBundlePath(), 'text/javascript; charset=utf-8', 'public, max-age=86400', true).then((a) => ['webchat.js', a] as const),
    ]);
    return new Map<string, Asset>([...entries, ['widget.json', catalog]]);
  }
}
