import type { Request, Response } from 'express';
import type { Principal, ScopeTarget } from '../auth/principal';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Ctor<T = unknown> = new (...args: never[]) => T;

/** What a handler sees: validated input, the caller, and the command id for POST commands. */
export interface RouteContext<B = unknown, Q = unknown> {
  req: Request;
  res: Response;
  params: Record<string, string>;
  body: B;
  query: Q;
  /** Absent on public routes. */
  principal: Principal;
  /** For `command` routes: derived from the Idempotency-Key header (or fresh when absent). */
  commandId: string;
  /** ISO-8601 UTC "now" for command metadata. */
  now: string;
  requestId: string;
  clientIp: string | null;
}

/** A handler may return a plain body (200, or 201 for commands) or an explicit status + body. */
export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function result(status: number, body?: unknown, headers?: Record<string, string>): RouteResult & { __result: true } {
  return { status, body, headers, __result: true };
}

export function isRouteResult(x: unknown): x is RouteResult {
  return typeof x === 'object' && x !== null && (x as { __result?: boolean }).__result === true;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ScopeResolver = (ctx: RouteContext<any, any>) => Promise<ScopeTarget | null> | ScopeTarget | null;

/**
 * A route declared as data: the same declaration mounts the Express handler, runs the
 * authorisation middleware and generates the OpenAPI document.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- route tables mix DTO types
export interface RouteDef<B = any, Q = any> {
  method: HttpMethod;
  /** Express path below /api, e.g. '/org/units/:unitId'. */
  path: string;
  summary: string;
  tag: string;
  /** No authentication at all (login, refresh, health, openapi). */
  public?: boolean;
  /** Required permission code; absent on an authenticated route = any logged-in user. */
  permission?: string;
  /** Resolves the target's unit/department/owner for the data-scope check. */
  scope?: ScopeResolver;
  body?: Ctor<B>;
  query?: Ctor<Q>;
  /** A state-changing command: takes an Idempotency-Key header, answers 201 by default, replays on repeat. */
  command?: boolean;
  /** The handler writes the response itself (SSE, HTML). */
  raw?: boolean;
  /** Extra documented responses: status → description. */
  responses?: Record<number, string>;
  /** Allow the access token in `?access_token=` (SSE only: EventSource cannot set headers). */
  tokenInQuery?: boolean;
  /** Response content type for docs (default application/json). */
  produces?: string;
  /** The answer's JSON Schema, named: listed under components.schemas (the web's types are generated from it). */
  response?: { name: string; schema: Record<string, unknown> };
  handler: (ctx: RouteContext<B, Q>) => Promise<unknown> | unknown;
}

export function defineRoutes(...defs: RouteDef[]): RouteDef[] {
  return defs;
}
