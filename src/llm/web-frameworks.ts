/**
 * Web frameworks whose request handlers can stream an LLM answer to a client, and how each one tells the
 * handler that the client went away. Two families:
 * - Web `Request` handlers: the request's `signal` aborts when the client disconnects (Next.js App Router
 *   route handlers, SvelteKit `+server` endpoints, Remix / React Router actions and loaders, Hono's
 *   `c.req.raw`);
 * - Node `(req, res)` handlers (Express, Fastify, Koa, `node:http`, Next.js pages API routes): no signal;
 *   the response's `close` event fires when the connection closes. Not the request's: once the body has been
 *   read (as `express.json()` does before the handler runs) `req` has already emitted `close`, and a listener
 *   added then never fires (measured on Node 20: `req.destroyed` is true when the handler starts).
 */

/** The exported function names Next.js and SvelteKit route modules answer HTTP methods with. */
export const HTTP_METHOD_EXPORTS: ReadonlySet<string> = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]);

/** Remix / React Router route module exports that receive `{ request }`. */
export const ROUTE_MODULE_EXPORTS: ReadonlySet<string> = new Set(["action", "loader"]);

/** Modules whose presence makes a file a Remix / React Router route module. */
export const ROUTE_MODULE_PACKAGES: readonly string[] = ["@remix-run/", "react-router", "@react-router/"];

/** Router methods that register a handler for a path. */
export const ROUTE_METHODS: ReadonlySet<string> = new Set(["get", "post", "put", "patch", "delete", "all", "options", "head", "use", "route"]);

export type HandlerFamily = "web" | "node";

/** A framework that registers handlers with `app.<method>(path, …handlers)`. */
export interface RouterFramework {
  readonly id: string;
  /** Module specifiers (or prefixes ending in `/`) whose import marks a file as using the framework. */
  readonly modules: readonly string[];
  readonly family: HandlerFamily;
  /** How many parameters the handler has before `next`: `(c)`, `(ctx)`, `(req, res)`, `(request, reply)`. */
  readonly parameters: 1 | 2;
  /**
   * From the handler's parameters to what the rule needs, as member paths: the web `Request`
   * (`["0", "req", "raw"]` = `c.req.raw`), or the Node response whose `close` event marks a disconnect.
   */
  readonly request?: readonly string[];
  readonly response?: readonly string[];
}

export const routerFrameworks: readonly RouterFramework[] = [
  // Hono: `c.req.raw` is the web Request; its signal aborts on disconnect (hono `HonoRequest.raw`).
  { id: "hono", modules: ["hono", "hono/"], family: "web", parameters: 1, request: ["0", "req", "raw"] },
  { id: "express", modules: ["express"], family: "node", parameters: 2, response: ["1"] },
  // Fastify's `reply.raw` is the Node ServerResponse.
  { id: "fastify", modules: ["fastify"], family: "node", parameters: 2, response: ["1", "raw"] },
  // Koa: `ctx.res` is the Node ServerResponse.
  { id: "koa", modules: ["koa", "@koa/router", "koa-router"], family: "node", parameters: 1, response: ["0", "res"] },
];

/** Node's own servers: `createServer((req, res) => …)`, `server.on("request", (req, res) => …)`. */
export const NODE_SERVER_FACTORIES: ReadonlySet<string> = new Set(["createServer", "createSecureServer"]);
