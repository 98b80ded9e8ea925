import type { Logger } from 'pino';
import type { WebHandler } from './app.js';

/**
 * The built web app's request handler (`web/build/handler.js`, from SvelteKit's adapter-node), so
 * `npm start` serves pages, the API and the overlays on one port. Resolved through the workspace's
 * `@broadcart/web/handler` export, or `WEB_HANDLER` (a path) when set. Returns null, with a
 * warning, when the app has not been built: the API still runs.
 */
export async function loadWebHandler(logger: Logger, path = process.env.WEB_HANDLER): Promise<WebHandler | null> {
  let specifier: string;
  try {
    specifier = path ? new URL(path, `file://${process.cwd()}/`).href : import.meta.resolve('@broadcart/web/handler');
  } catch {
    logger.warn('the web app is not installed: serving the API only');
    return null;
  }
  try {
    const module = (await import(specifier)) as { handler: WebHandler };
    return guardStreams(module.handler, logger);
  } catch (error) {
    logger.warn({ err: error, specifier }, 'the web app is not built (npm run build): serving the API only');
    return null;
  }
}

/**
 * Static files are streamed with `pipe`, and a file that vanishes between its lookup and its read
 * (a rebuild under a running server) makes the stream emit an error nobody listens to, which would
 * end the process. The failed response is closed instead and the error logged.
 */
export function guardStreams(handler: WebHandler, logger: Logger): WebHandler {
  return (request, response, next) => {
    response.once('pipe', (source) => {
      source.once('error', (error: Error) => {
        logger.warn({ err: error, url: request.url }, 'a web app file could not be read');
        response.destroy(error);
      });
    });
    handler(request, response, next);
  };
}
