import type { RouteDef } from './registry';
import { SchemaRegistry, type JsonSchema } from './json-schema';

/** Express ':param' and '{*splat}' → OpenAPI '{param}'. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const PROBLEM = { $ref: '#/components/schemas/Problem' };

/** The OpenAPI 3.1 document, generated from the route declarations and their DTO classes. */
export function buildOpenApi(routes: readonly RouteDef[], info: { title: string; version: string }): JsonSchema {
  const reg = new SchemaRegistry();
  const paths: Record<string, Record<string, unknown>> = {};
  const answers: Record<string, unknown> = {};
  const operationIds = new Set<string>();
  for (const r of routes) {
    const p = `/api${openApiPath(r.path)}`;
    const params: unknown[] = [];
    for (const m of r.path.matchAll(/:([A-Za-z0-9_]+)/g)) {
      params.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
    }
    if (r.query) {
      const s = reg.objectSchema(r.query);
      const req = new Set((s.required as string[] | undefined) ?? []);
      for (const [name, schema] of Object.entries((s.properties as Record<string, JsonSchema>) ?? {})) {
        params.push({ name, in: 'query', required: req.has(name), schema });
      }
    }
    if (r.command) {
      params.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: '同一键重复提交只执行一次并返回首次的结果',
        schema: { type: 'string', maxLength: 200 },
      });
    }
    if (r.tokenInQuery) {
      params.push({
        name: 'access_token',
        in: 'query',
        required: false,
        description: 'EventSource 无法设置请求头时使用；令牌会出现在 URL 中（日志已脱敏），仅用于 SSE',
        schema: { type: 'string' },
      });
    }
    const responses: Record<string, unknown> = {};
    const okStatus = r.command ? '201' : '200';
    responses[okStatus] = {
      description: 'OK',
      content: { [r.produces ?? 'application/json']: { schema: r.response ? { $ref: `#/components/schemas/${r.response.name}` } : {} } },
    };
    if (r.response) answers[r.response.name] = r.response.schema;
    const errs: Record<number, string> = { 400: '请求参数不合法' };
    if (!r.public) Object.assign(errs, { 401: '未登录', 403: '没有权限' });
    Object.assign(errs, r.responses ?? {});
    for (const [status, description] of Object.entries(errs)) {
      responses[status] = { description, content: { 'application/problem+json': { schema: PROBLEM } } };
    }
    // unique: '/tasks/batch-approve' and '/tasks/batch/approve' would both read postTasksBatchApprove
    let operationId = `${r.method}${openApiPath(r.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`;
    for (let n = 2; operationIds.has(operationId); n++) operationId = `${operationId.replace(/_\d+$/, '')}_${n}`;
    operationIds.add(operationId);
    const op: Record<string, unknown> = {
      operationId,
      summary: r.summary,
      tags: [r.tag],
      parameters: params,
      responses,
      ...(r.public ? { security: [] } : {}),
      ...(r.permission
        ? { 'x-permission': r.permission, description: `需要权限 \`${r.permission}\`${r.scope ? '（按数据范围校验）' : ''}` }
        : {}),
    };
    if (r.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: reg.ref(r.body) } } };
    }
    (paths[p] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { ...info, description: '政务协同办公平台 API。除登录、刷新、健康检查外均需 Bearer 令牌。' },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        ...reg.schemas,
        ...answers,
        Problem: {
          type: 'object',
          description: 'RFC 7807',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            code: { type: 'string' },
            requestId: { type: 'string' },
            errors: {
              type: 'array',
              items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
            },
          },
          required: ['type', 'title', 'status'],
        },
      },
    },
    security: [{ bearer: [] }],
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A self-contained docs page (no CDN): every operation with its permission, parameters and body schema. */
export function docsHtml(doc: JsonSchema): string {
  const paths = doc.paths as Record<string, Record<string, Record<string, unknown>>>;
  const schemas = (doc.components as { schemas: Record<string, JsonSchema> }).schemas;
  const rows: string[] = [];
  for (const [p, ops] of Object.entries(paths)) {
    for (const [m, op] of Object.entries(ops)) {
      const params = (op.parameters as { name: string; in: string; required: boolean }[])
        .map((x) => `<code>${esc(x.name)}</code> <small>(${x.in}${x.required ? ', 必填' : ''})</small>`)
        .join('<br>');
      const body = op.requestBody as { content: Record<string, { schema: { $ref?: string } }> } | undefined;
      const ref = body?.content['application/json']?.schema.$ref?.split('/').pop();
      rows.push(
        `<tr><td><b class="m ${m}">${m.toUpperCase()}</b></td><td><code>${esc(p)}</code><div>${esc(String(op.summary))}</div></td>` +
          `<td>${op.security ? '公开' : esc(String(op['x-permission'] ?? '登录即可'))}</td><td>${params || '—'}</td>` +
          `<td>${ref ? `<details><summary>${esc(ref)}</summary><pre>${esc(JSON.stringify(schemas[ref], null, 2))}</pre></details>` : '—'}</td></tr>`,
      );
    }
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>API 文档 — 政务协同办公平台</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;vertical-align:top;text-align:left}
.m{font-family:monospace}.get{color:#0a6}.post{color:#c60}.put,.patch{color:#06c}.delete{color:#c00}pre{max-width:40rem;overflow:auto;background:#f6f6f6;padding:.5rem}</style></head>
<body><h1>政务协同办公平台 API</h1><p>机器可读文档：<a href="/api/openapi.json">/api/openapi.json</a>（由路由声明与 DTO 生成）。
错误均为 RFC 7807 <code>application/problem+json</code>。命令（POST）接受 <code>Idempotency-Key</code> 请求头；查询分页参数 <code>page</code>、<code>pageSize</code>（≤100）。</p>
<table><thead><tr><th>方法</th><th>路径</th><th>权限</th><th>参数</th><th>请求体</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></body></html>`;
}
