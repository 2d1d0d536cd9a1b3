// `npm start`: starts the built server, building first only what is missing or out of date.
// In a production install (`npm ci --omit=dev` on a built tree) the build tools are absent: a
// built tree starts as it is, and a tree without a build says how to make one.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildState, DIST, PARTS } from './build-inputs.mjs';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`start: Node.js ${process.versions.node} is too old; Recovery Desk runs on Node.js 24 LTS (see README).`);
  process.exit(1);
}

function hasBuildTools() {
  const require = createRequire(import.meta.url);
  return ['typescript', 'vite', '@vitejs/plugin-react'].every((pkg) => {
    try {
      require.resolve(`${pkg}/package.json`);
      return true;
    } catch {
      return false;
    }
  });
}

const states = Object.fromEntries(Object.keys(PARTS).map((part) => [part, buildState(part)]));
const outdated = Object.entries(states).filter(([, state]) => state !== 'fresh').map(([part]) => part);
if (outdated.length > 0) {
  if (hasBuildTools()) {
    const { build } = await import('./build.mjs');
    build();
  } else if (Object.values(PARTS).some((part) => !existsSync(part.output))) {
    console.error('start: dist/ has no complete build and the build tools are not installed.');
    console.error('Build with the development dependencies (`npm ci && npm run build`), then install for production.');
    process.exit(1);
  } else {
    console.error(`start: the build of ${outdated.join(' and ')} is older than the sources; the build tools are not installed, so it starts as built.`);
  }
}
await import(pathToFileURL(join(DIST, 'bot', 'main.js')).href);
