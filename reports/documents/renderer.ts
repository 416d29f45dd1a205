import type { DocumentRenderer, RenderRequest, RenderedPdf } from '../../domain/documents/ports';
import { layoutDocument } from './layout';
import { FileStore } from './storage';
import type { RedHeaderTemplateStore } from './templates';

/**
 * 套红 adapter of the DocumentRenderer port: resolves the red-header template (the one asked for, which
 * must be the drafting unit's, or the unit's default), lays the document out per GB/T 9704 (layout.ts)
 * and keeps the PDF in the content-addressed file store. The same document version and template give
 * the same bytes, hence the same storage key.
 */
export class GbT9704Renderer implements DocumentRenderer {
  constructor(
    private readonly templates: RedHeaderTemplateStore,
    private readonly files: FileStore,
  ) {}

  async render(req: RenderRequest): Promise<RenderedPdf> {
    const template = this.templates.resolve(req.templateId, req.document.unitId);
    const { pdf, pages } = await layoutDocument(req.document, template);
    const stored = this.files.put(pdf);
    return { pdfSha256: stored.sha256, pages, templateId: template.id, storageKey: stored.key, bytes: stored.bytes };
  }
}
