import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import request from 'supertest';
import { expect } from 'vitest';
import { bearer, type TestApp } from '../api/harness';

/**
 * Test support for the issue-17 modules (通知公告, 通讯录, 信息报送): a GET's answer must match the closed
 * schema its operation declares in the served /api/openapi.json (the web's generated types come from it).
 */
export function schemaChecker(t: TestApp) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  const cache = new Map<string, ValidateFunction>();
  let doc: {
    paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>>;
    components: { schemas: Record<string, object> };
  } | null = null;
  return async function checkGet(token: string, url: string, apiPath: string): Promise<Record<string, unknown>> {
    doc ??= (await request(t.app).get('/api/openapi.json')).body;
    const ref = doc!.paths[apiPath]?.get?.responses['200']?.content?.['application/json']?.schema?.$ref;
    expect(ref, `GET ${apiPath} declares a response schema`).toMatch(/^#\/components\/schemas\//);
    const name = ref!.split('/').pop()!;
    let v = cache.get(name);
    if (!v) {
      v = ajv.compile(doc!.components.schemas[name]);
      cache.set(name, v);
    }
    const r = await request(t.app).get(url).set(bearer(token));
    expect(r.status, `GET ${url}: ${JSON.stringify(r.body)}`).toBe(200);
    expect(v(r.body), `GET ${url} against ${name}: ${ajv.errorsText(v.errors, { separator: '\n' })}`).toBe(true);
    return r.body;
  };
}
