import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentOpenApi } from '../../api/openapi-cli';

/**
 * The web's API types are generated, not written by hand: web/openapi.json is what the server serves at
 * /api/openapi.json today, and web/src/app/core/api-types.ts is what openapi-typescript makes of it.
 * A route or DTO changed without `npm run api:types` fails here.
 */
const root = join(__dirname, '..', '..');

describe('generated API types', () => {
  it('web/openapi.json is the OpenAPI document the server serves now', async () => {
    const served = await currentOpenApi();
    const committed = JSON.parse(readFileSync(join(root, 'web/openapi.json'), 'utf8'));
    expect(committed, 'run `npm run api:types` and commit the result').toEqual(served);
  });

  it('web/src/app/core/api-types.ts is openapi-typescript of that document', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oa-api-types-'));
    const out = join(dir, 'api-types.ts');
    execFileSync(join(root, 'node_modules/.bin/openapi-typescript'), [join(root, 'web/openapi.json'), '-o', out], { stdio: 'pipe' });
    const formatted = execFileSync(
      join(root, 'node_modules/.bin/prettier'),
      ['--stdin-filepath', join(root, 'web/src/app/core/api-types.ts')],
      {
        input: readFileSync(out, 'utf8'),
        cwd: root,
      },
    ).toString();
    expect(
      formatted === readFileSync(join(root, 'web/src/app/core/api-types.ts'), 'utf8'),
      'run `npm run api:types` and commit the result',
    ).toBe(true);
  });
});
