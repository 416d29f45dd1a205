import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Grain, ReportResult } from './dashboard-charts';

export interface ReportQuery {
  /** ISO instants (from inclusive, to exclusive). */
  from: string;
  to: string;
  grain: Grain;
  /** Drill-down into one unit (its departments). */
  unit?: string | null;
}

function params(q: ReportQuery, extra: Record<string, string> = {}): Record<string, string> {
  return { from: q.from, to: q.to, grain: q.grain, ...(q.unit ? { unit: q.unit } : {}), ...extra };
}

/** GET /api/reports/:key (issue 7) as JSON, or as Excel (fetched as a blob, so the auth header goes along). */
@Injectable({ providedIn: 'root' })
export class ReportsApi {
  private readonly http = inject(HttpClient);

  report(key: string, q: ReportQuery): Promise<ReportResult> {
    return firstValueFrom(this.http.get<ReportResult>(`/api/reports/${encodeURIComponent(key)}`, { params: params(q) }));
  }

  /** Downloads the report as .xlsx under `fileName`. */
  async downloadXlsx(key: string, q: ReportQuery, fileName: string): Promise<void> {
    const blob = await firstValueFrom(
      this.http.get(`/api/reports/${encodeURIComponent(key)}`, { params: params(q, { format: 'xlsx' }), responseType: 'blob' }),
    );
    const url = URL.createObjectURL(blob);
    try {
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName.endsWith('.xlsx') ? fileName : `${fileName}.xlsx`;
      a.rel = 'noopener';
      document.body.appendChild(a);
      a.click();
      a.remove();
    } finally {
      setTimeout(() => URL.revokeObjectURL(url), 30_000);
    }
  }
}
