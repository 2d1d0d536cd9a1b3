// docs/directory-api.yaml is what a marketplace implements: it must describe exactly the routes,
// fields and values the adapter sends and the reference server answers.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACCOUNT_STATUSES } from '../../core/domain.js';
import { API_PREFIX, CHANGES, ROUTES, WireAccount, type Operation } from '../../core/directory/http/wire.js';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; parameters?: { $ref: string }[]; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, { required?: string[]; enum?: string[]; properties?: Record<string, unknown> }> };
};

const doc = parse(readFileSync(new URL('../../docs/directory-api.yaml', import.meta.url), 'utf8')) as Doc;

describe('the directory contract document', () => {
  it('is OpenAPI 3.1 with one operation per port operation, at the adapter\'s paths and methods', () => {
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => [op.operationId, method.toUpperCase(), path] as const),
    );
    const implemented = (Object.entries(ROUTES) as [Operation, (typeof ROUTES)[Operation]][]).map(([operation, r]) => [operation, r.method, `${API_PREFIX}${r.path}`] as const);
    expect([...documented].sort()).toEqual([...implemented].sort());
  });

  it('requires an Idempotency-Key on every change and on nothing else', () => {
    for (const methods of Object.values(doc.paths)) {
      for (const op of Object.values(methods)) {
        const keyed = (op.parameters ?? []).some((p) => p.$ref.endsWith('/IdempotencyKey'));
        expect(keyed, op.operationId).toBe(CHANGES.includes(op.operationId as Operation));
      }
    }
  });

  it('answers every operation 200 with an outcome, and documents the signature refusal', () => {
    for (const methods of Object.values(doc.paths)) {
      for (const op of Object.values(methods)) {
        expect(Object.keys(op.responses), op.operationId).toEqual(expect.arrayContaining(['200', '401']));
        expect(Object.keys(op.responses), op.operationId).not.toContain('404');
      }
    }
  });

  it('describes the account with the fields the adapter accepts, and the statuses the product knows', () => {
    expect([...(doc.components.schemas.Account?.required ?? [])].sort()).toEqual(Object.keys(WireAccount.shape).sort());
    expect(doc.components.schemas.Status?.enum).toEqual([...ACCOUNT_STATUSES]);
  });
});
