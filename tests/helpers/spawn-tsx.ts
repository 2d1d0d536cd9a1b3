import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs TypeScript in a separate Node process (through tsx), from the repository root: a script
 * path, or ES module source with `eval`. For tests that need real concurrency between processes.
 */
export function runTsx(
  target: { script: string; args?: string[] } | { eval: string },
  env: Record<string, string | undefined> = {},
): Promise<ProcessResult> {
  const args = 'script' in target ? [target.script, ...(target.args ?? [])] : ['--input-type=module', '-e', target.eval];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
