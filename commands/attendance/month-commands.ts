import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { v5 as uuidv5 } from 'uuid';
import { monthDecider, shanghaiMonth } from '../../domain/attendance/month.decide';
import { monthStreamId, type MonthState, type Punch, type MonthEvent } from '../../domain/attendance/month.events';
import { csvRows, parsePunchRows, type RowError } from '../../domain/attendance/punch-file';
import type { StatementRow } from '../../domain/attendance/statement';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { DomainError } from '../../domain/shared/errors';
import type { CommandHandler } from '../pipeline/handler';
import type { AttendanceContext } from './attendance-commands';

const NS = '0c9e5a7b-41d2-4b8f-a6e3-9f1d2c3b4a58';

/** A file refused row by row (the route answers 400 with every row's error). */
export class PunchFileInvalid extends Error {
  constructor(readonly errors: RowError[]) {
    super(errors[0]?.message ?? '文件不合法');
  }
}

export interface PunchFile {
  fileName: string;
  format: 'csv' | 'xlsx';
  /** CSV text, or the .xlsx as base64. */
  content: string;
}

/**
 * 考勤月: punch import (the machines' Excel/CSV), mobile clock-in, 月结. The import checks every row before
 * anything is written (a bad row → PunchFileInvalid with its row number) and appends the whole file as one
 * event on the month's stream, so a file is never half-imported.
 */
export class MonthCommands {
  constructor(readonly handler: CommandHandler) {}

  async load(unitId: string, month: string): Promise<{ state: MonthState; events: RecordedEvent[] }> {
    const { state, events } = await this.handler.load(monthStreamId(unitId, month), monthDecider);
    return { state, events };
  }

  /** The rows of an uploaded file (CSV text or base64 xlsx, first sheet) as strings. */
  static async rowsOf(file: PunchFile): Promise<string[][]> {
    if (file.format === 'csv') return csvRows(file.content);
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(Buffer.from(file.content, 'base64') as unknown as ArrayBuffer);
    } catch {
      throw new PunchFileInvalid([{ field: 'content', message: '无法读取 Excel 文件' }]);
    }
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    ws?.eachRow({ includeEmpty: true }, (row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (c, i) => {
        const v = c.value;
        cells[i - 1] =
          v instanceof Date
            ? // Excel dates carry the wall-clock time as if UTC
              v.toISOString().slice(0, 19).replace('T', ' ')
            : v === null || v === undefined
              ? ''
              : String(typeof v === 'object' && 'text' in v ? v.text : v);
      });
      rows.push(Array.from(cells, (x) => x ?? ''));
    });
    return rows;
  }

  async importPunches(unitId: string, file: PunchFile, personOf: (no: string) => string | null, ctx: AttendanceContext) {
    const { punches, errors } = parsePunchRows(await MonthCommands.rowsOf(file), personOf);
    if (errors.length) throw new PunchFileInvalid(errors.slice(0, 100));
    const month = shanghaiMonth(punches[0].at);
    const batchId = ctx.commandId ? uuidv5(`punches:${ctx.commandId}`, NS) : randomUUID();
    const r = await this.handler.handle({
      streamId: monthStreamId(unitId, month),
      decider: monthDecider,
      command: { type: 'ImportPunches', data: { unitId, month, batchId, fileName: file.fileName, punches } },
      metadata: { actorId: ctx.actorId, unitId: ctx.unitId, correlationId: ctx.correlationId, clientIp: ctx.clientIp ?? null },
      commandId: ctx.commandId ?? null,
    });
    return { month, imported: punches.length, position: r.position, duplicate: r.duplicate };
  }

  async clockIn(position: { lat: number; lng: number; accuracy?: number } | null, ctx: AttendanceContext) {
    if (!ctx.unitId) throw new DomainError('forbidden', 'attendance.no_post', '当前用户不在组织机构中，不能打卡');
    const month = shanghaiMonth(this.handler.clock.now());
    const r = await this.handler.handle({
      streamId: monthStreamId(ctx.unitId, month),
      decider: monthDecider,
      command: { type: 'RecordPunch', data: { unitId: ctx.unitId, month, personId: ctx.actorId, position } },
      metadata: { actorId: ctx.actorId, unitId: ctx.unitId, correlationId: ctx.correlationId, clientIp: ctx.clientIp ?? null },
      commandId: ctx.commandId ?? null,
    });
    const e = r.events[0]?.data as { at: string } | undefined;
    return { at: e?.at ?? this.handler.clock.now(), position: r.position, duplicate: r.duplicate };
  }

  async close(unitId: string, month: string, rows: StatementRow[], punches: number, ctx: AttendanceContext) {
    const r = await this.handler.handle({
      streamId: monthStreamId(unitId, month),
      decider: monthDecider,
      command: { type: 'CloseMonth', data: { unitId, month, rows, punches } },
      metadata: { actorId: ctx.actorId, unitId: ctx.unitId, correlationId: ctx.correlationId, clientIp: ctx.clientIp ?? null },
      commandId: ctx.commandId ?? null,
    });
    return { position: r.position, duplicate: r.duplicate };
  }
}

/** Every punch recorded in a month's events (imports and mobile clock-ins). */
export function punchesOf(events: readonly RecordedEvent[]): Punch[] {
  const out: Punch[] = [];
  for (const e of events as unknown as (RecordedEvent & MonthEvent)[]) {
    if (e.type === 'PunchesImported') for (const p of e.data.punches) out.push(p);
    else if (e.type === 'PunchRecorded') out.push({ personId: e.data.personId, at: e.data.at, device: '手机打卡' });
  }
  return out;
}
