import type { Server } from 'restify';
import { createOperator } from '../../operators/create-operator.js';
import { deactivateOperator } from '../../operators/deactivate-operator.js';
import { listOperators } from '../../operators/list-operators.js';
import { OperatorInput } from '../../operators/operator-input.js';
import { deskRoute, type DeskApiContext } from '../desk-routes.js';
import { readInput, sendError, sendJson } from '../http.js';
import { operatorJson } from '../operator-json.js';
import { IdParams } from '../params.js';

/** Supervisors manage operators (SPEC §1); the command line does the same (npm run desk:operator). */
export function registerOperatorRoutes(server: Server, context: DeskApiContext): void {
  const { deps } = context;

  server.get(
    '/desk/api/operators',
    deskRoute(context, { write: false, supervisor: true }, 'operators', async (_req, res) => {
      sendJson(res, 200, { operators: (await listOperators(deps.prisma)).map(operatorJson) });
    }),
  );

  server.post(
    '/desk/api/operators',
    deskRoute(context, { write: true, supervisor: true }, 'operator-create', async (req, res, session) => {
      const body = readInput(res, OperatorInput, req.body);
      if (!body) return;
      const result = await createOperator(deps.prisma, body, session.operator.id);
      if (result.kind === 'taken') sendError(res, 409, 'EmailTaken', 'An operator with this email exists.');
      else if (result.kind === 'weakPassword') sendError(res, 400, 'WeakPassword', `The password is refused: ${result.reason}.`);
      else sendJson(res, 201, { operator: operatorJson(result.operator) });
    }),
  );

  server.post(
    '/desk/api/operators/:id/deactivate',
    deskRoute(context, { write: true, supervisor: true }, 'operator-deactivate', async (req, res, session) => {
      const params = readInput(res, IdParams, req.params);
      if (!params) return;
      if (params.id === session.operator.id) {
        sendError(res, 409, 'CannotDeactivateSelf', 'Another supervisor has to deactivate you.');
        return;
      }
      const result = await deactivateOperator(deps.prisma, params.id, session.operator.id);
      if (result.kind === 'notFound') sendError(res, 404, 'NotFound', 'No such operator.');
      else if (result.kind === 'alreadyInactive') sendError(res, 409, 'AlreadyInactive', 'The operator is already inactive.');
      else sendJson(res, 200, { id: params.id, active: false, sessionsEnded: result.sessionsEnded });
    }),
  );
}
