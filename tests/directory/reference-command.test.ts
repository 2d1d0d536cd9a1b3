// `npm run directory:reference -- --file snapshot.json --port N` with DIRECTORY_SECRET: the
// reference server as a marketplace team would start it, in its own process.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createHttpDirectory } from '../../core/directory/http/http-directory.js';
import { DIRECTORY_SECRET } from '../helpers/directory-under-test.js';
import { runTsx } from '../helpers/spawn-tsx.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('npm run directory:reference', () => {
  it('serves the snapshot under the contract, signed with DIRECTORY_SECRET, and stops cleanly', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/directory-reference.ts', '--file', 'tests/fixtures/directory.json', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, DIRECTORY_SECRET },
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (found?.[1]) resolve(found[1]);
      });
      child.on('close', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    try {
      expect(output).toContain('5 accounts, 6 orders');
      const directory = createHttpDirectory({ url, secret: DIRECTORY_SECRET });
      expect(await directory.findByOrder('8123456789012345')).toMatchObject({ kind: 'found', account: { loginId: 'ru1000000001' } });
      const strangers = createHttpDirectory({ url, secret: 'someone-else-entirely-0123456789abcdef' });
      expect(await strangers.findByOrder('8123456789012345')).toEqual({ kind: 'unavailable' });
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    // The log names operations and statuses, never what was asked.
    expect(output).toMatch(/findByOrder 200/);
    expect(output).toMatch(/findByOrder 401/);
    expect(output).not.toContain('8123456789012345');
  });

  it('refuses to start without a long enough DIRECTORY_SECRET', async () => {
    const result = await runTsx({ script: 'scripts/directory-reference.ts', args: ['--file', 'tests/fixtures/directory.json'] }, { DIRECTORY_SECRET: 'short' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DIRECTORY_SECRET must be at least 32 characters');
  });
});
