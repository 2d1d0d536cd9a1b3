/** One problem in an imported file: where (e.g. `accounts[3].orders[0].payment.bin`) and what. */
export interface ImportIssue {
  path: string;
  message: string;
}

/** The snapshot is invalid; `issues` lists every problem found. Nothing was written. */
export class ImportError extends Error {
  override name = 'ImportError';
  readonly issues: ImportIssue[];

  constructor(issues: ImportIssue[]) {
    super(
      `Directory snapshot is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n'),
    );
    this.issues = issues;
  }
}

/** ['accounts', 3, 'orders', 0, 'number'] → `accounts[3].orders[0].number`; [] → `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += (out ? '.' : '') + String(segment);
  }
  return out || '(root)';
}
