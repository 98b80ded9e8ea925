import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@broadcart/plugin-sdk';
import { sendJson, type HttpRouteContext } from '../http-routes.js';
import type { PluginHost } from './plugin-host.js';

const ERROR_STATUS: Record<string, number> = { VALIDATION: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, PLUGIN_UNAVAILABLE: 503 };

function bearer(request: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(String(request.headers.authorization ?? '').trim());
  return match?.[1] ?? null;
}

/**
 * Serves `/plugins/<namespace>/<path>` from the plugin's `http` routes: the member is resolved
 * from a bearer token when one is sent, the call runs through the plugin's guard, expected errors
 * map to 4xx with their message, and streamed bodies respect the socket's backpressure.
 */
export async function servePluginRoute(host: PluginHost, request: IncomingMessage, response: ServerResponse, { orm, services }: HttpRouteContext): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://broadcart.internal');
  const found = host.matchRoute(request.method ?? 'GET', url.pathname);
  if (!found) {
    sendJson(response, 404, { error: 'not found' });
    return;
  }
  const { loaded, route, params } = found;
  const em = orm.em.fork();
  const token = bearer(request);
  const actor = token ? await services.organizations.authenticate(em, token) : null;
  let reply;
  try {
    reply = (await host.callRoute(loaded, `${route.method} ${route.path}`, () =>
      route.handle({ params, query: url.searchParams, headers: request.headers, actor }, { ...host.contextOf(loaded.namespace), em }),
    )) as Awaited<ReturnType<typeof route.handle>>;
  } catch (error) {
    if (error instanceof AppError) {
      sendJson(response, ERROR_STATUS[error.code] ?? 400, { error: error.code, message: error.message });
      return;
    }
    throw error;
  }
  response.writeHead(reply.status, reply.headers ?? {});
  const { body } = reply;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    response.end(body);
    return;
  }
  for await (const chunk of body) {
    if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve));
  }
  response.end();
}
