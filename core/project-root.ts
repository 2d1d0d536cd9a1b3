import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The project's root folder (where package.json, locales/ and demo/ are), found by walking up
 * from this module, so it is the same from the TypeScript sources and from the build in dist/.
 */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the project root (no package.json above core/)');
    dir = parent;
  }
  cached = dir;
  return dir;
}

/** A path under the project root. */
export function projectPath(...segments: string[]): string {
  return join(projectRoot(), ...segments);
}
