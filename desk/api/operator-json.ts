import type { DeskOperator } from '../operators/desk-operator.js';

/** An operator as the API shows them. */
export function operatorJson(operator: DeskOperator) {
  return {
    id: operator.id,
    email: operator.email,
    displayName: operator.displayName,
    role: operator.role,
    languages: operator.languages,
    active: operator.active,
  };
}
