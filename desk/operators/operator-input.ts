import { z } from 'zod';
import { LOCALES } from '../../core/domain.js';
import { OPERATOR_ROLES } from './desk-operator.js';

/** A new operator, as the command line and the supervisors' API give it. */
export const OperatorInput = z.object({
  email: z.email().max(254).transform((v) => v.trim().toLowerCase()),
  displayName: z.string().trim().min(1).max(80),
  role: z.enum(OPERATOR_ROLES),
  languages: z
    .array(z.enum(LOCALES))
    .min(1, 'at least one of ru, uk, pl, en')
    .transform((list) => [...new Set(list)]),
  password: z.string().min(1).max(128),
});
export type OperatorInput = z.infer<typeof OperatorInput>;
