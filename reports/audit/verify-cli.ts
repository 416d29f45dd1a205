import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createEventStore } from '../../commands/store/factory';
import { readSealPublicKey, SEAL_KEY_FILE } from '../../commands/integrity/keystore';
import { keyFingerprint } from '../../commands/integrity/seal';
import { readFileSync } from 'node:fs';
import { checkSignedReport } from './signed-report';
import { verifyStore, type VerifyProblem, type VerifyReport } from './verify';

/**
 * Offline integrity verifier (离线完整性校验).
 *
 *   npm run audit:verify -- --store sqlite:./data/oa.db
 *   npm run audit:verify -- --store postgres://oa:oa@host/oa --public-key 04ab…   (or --key-file seal-key.json)
 *
 * Options: --store <url> (default $EVENT_STORE, then sqlite:<data-dir>/oa.db); --public-key <hex> or
 * --key-file <seal-key.json> pins the trusted seal key (default: <data-dir>/seal-key.json when present,
 * <data-dir> = --data-dir, $DATA_DIR or ./data); --no-key-pin trusts the key of the first seal (and says
 * so); --max-unsealed-minutes <n> fails when a business event stayed unsealed longer than n minutes (use
 * it where the sealer runs: it catches the removal of the last seals together with the events after
 * them); --json prints the full report.
 * --report <file.pdf> checks a signed verification report downloaded from the auditor's console instead
 * (its SM2 signature, and the signing key against the pinned key when one is given or found).
 * Exit status: 0 intact (or: the report's signature holds); 1 broken (the first broken event is named: stream, revision, position, what);
 * 2 usage error or the store cannot be opened.
 */

function fail(message: string): never {
  process.stderr.write(`audit:verify: ${message}\n`);
  process.exit(2);
}

function describe(p: VerifyProblem): string {
  const parts = [
    p.streamId !== undefined ? `stream=${p.streamId}` : undefined,
    p.revision !== undefined ? `revision=${p.revision}` : undefined,
    p.position !== undefined ? `position=${p.position}` : undefined,
    p.eventId !== undefined ? `eventId=${p.eventId}` : undefined,
    p.seal ? `seal=#${p.seal.revision}[${p.seal.fromPosition}..${p.seal.toPosition}]` : undefined,
    `kind=${p.kind}`,
  ].filter(Boolean);
  return `${parts.join(' ')}\n    ${p.message}`;
}

function summary(r: VerifyReport, keySource: string): string {
  return [
    `events=${r.events}`,
    `streams=${r.streams}`,
    `seals=${r.seals}`,
    `lastSealedPosition=${r.lastSealedPosition}`,
    `unsealedEvents=${r.unsealedEvents}`,
    `headPosition=${r.headPosition}`,
    ...(r.oldestUnsealedAt ? [`oldestUnsealedAt=${r.oldestUnsealedAt}`] : []),
    `sealKey=${r.publicKeyFingerprint ?? 'none'} (${keySource})`,
    `durationMs=${r.durationMs}`,
  ].join(' ');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      store: { type: 'string' },
      'public-key': { type: 'string' },
      'key-file': { type: 'string' },
      'data-dir': { type: 'string' },
      'no-key-pin': { type: 'boolean', default: false },
      'max-unsealed-minutes': { type: 'string' },
      json: { type: 'boolean', default: false },
      report: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      'usage: npm run audit:verify -- --store <url> [--public-key <hex> | --key-file <seal-key.json> | --no-key-pin] [--data-dir <dir>] [--max-unsealed-minutes <n>] [--json]\n' +
        '       npm run audit:verify -- --report <report.pdf> [--public-key <hex> | --key-file <seal-key.json>]\n',
    );
    return 0;
  }
  const dataDir = resolve(values['data-dir'] ?? process.env.DATA_DIR ?? './data');
  const url = values.store ?? process.env.EVENT_STORE ?? `sqlite:${join(dataDir, 'oa.db')}`;

  // Never create an empty database by "verifying" a mistyped path.
  const sqlite = /^sqlite:(?:\/\/)?([^?]*)/.exec(url);
  if (sqlite && sqlite[1] !== ':memory:' && !existsSync(sqlite[1])) fail(`no such SQLite file: ${sqlite[1]}`);

  let trustedPublicKey: string | undefined;
  let keySource = "not pinned: trusted the first seal's key";
  if (values['public-key']) {
    trustedPublicKey = values['public-key'];
    keySource = 'pinned: --public-key';
  } else if (values['key-file']) {
    const file = resolve(values['key-file']);
    const dir = file.endsWith(SEAL_KEY_FILE) ? file.slice(0, -SEAL_KEY_FILE.length) : undefined;
    trustedPublicKey = dir !== undefined ? readSealPublicKey(dir) : undefined;
    if (!trustedPublicKey) fail(`cannot read a public key from ${file} (expected a ${SEAL_KEY_FILE})`);
    keySource = `pinned: ${file}`;
  } else if (!values['no-key-pin']) {
    trustedPublicKey = readSealPublicKey(dataDir);
    if (trustedPublicKey) keySource = `pinned: ${join(dataDir, SEAL_KEY_FILE)}`;
  }
  if (trustedPublicKey !== undefined && !/^04[0-9a-f]{128}$/i.test(trustedPublicKey))
    fail('--public-key must be an uncompressed SM2 public key (04 + 128 hex)');

  if (values.report) {
    const file = resolve(values.report);
    if (!existsSync(file)) fail(`no such file: ${file}`);
    const r = checkSignedReport(readFileSync(file), trustedPublicKey);
    if (values.json) process.stdout.write(`${JSON.stringify({ file, keySource, ...r }, null, 2)}\n`);
    else if (r.ok) {
      const p = r.payload;
      process.stdout.write(
        `报告签名有效 (report signature valid): key=${r.keyFingerprint} (${keySource})\n` +
          `  result=${p.ok ? 'intact' : 'BROKEN'} range=${p.range.fromPosition}..${p.range.toPosition} events=${p.events} seals=${p.seals} ` +
          `problems=${p.problemCount} generatedAt=${p.generatedAt} by=${p.generatedBy.userId}\n` +
          (p.firstProblem
            ? `  first broken: ${p.firstProblem.streamId} revision=${p.firstProblem.revision} position=${p.firstProblem.position}\n`
            : ''),
      );
    } else process.stdout.write(`报告签名无效 (report signature INVALID): ${r.message}\n`);
    return r.ok ? 0 : 1;
  }

  const maxRaw = values['max-unsealed-minutes'];
  const maxUnsealedAgeMinutes = maxRaw === undefined ? undefined : Number(maxRaw);
  if (maxUnsealedAgeMinutes !== undefined && !(maxUnsealedAgeMinutes >= 0)) fail('--max-unsealed-minutes must be a number >= 0');

  let store;
  try {
    store = await createEventStore(url);
  } catch (e) {
    fail(`cannot open store ${url}: ${(e as Error).message}`);
  }
  let report: VerifyReport;
  try {
    report = await verifyStore(store, { trustedPublicKey, maxUnsealedAgeMinutes });
  } finally {
    await store.close();
  }

  if (values.json) {
    process.stdout.write(`${JSON.stringify({ store: store.kind, keySource, ...report }, null, 2)}\n`);
  } else if (report.ok) {
    process.stdout.write(`完整性校验通过 (integrity intact): store=${store.kind} ${summary(report, keySource)}\n`);
    if (trustedPublicKey) process.stdout.write(`  trusted key fingerprint ${keyFingerprint(trustedPublicKey)}\n`);
  } else {
    const first = report.firstProblem as VerifyProblem;
    const lines = [
      `完整性校验失败 (integrity BROKEN): ${report.problemCount} problem(s); store=${store.kind} ${summary(report, keySource)}`,
      `FIRST BROKEN: ${describe(first)}`,
      ...report.problems.slice(1, 20).map((p) => `  also: ${describe(p)}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => fail((e as Error).stack ?? String(e)),
);
