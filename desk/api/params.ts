import { z } from 'zod';

/** Ids in paths are UUIDs; anything else is a bad request, not a lookup. */
export const IdParams = z.object({ id: z.guid() });
