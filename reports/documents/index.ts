/**
 * 公文 adapters (reports/documents): 套红 renderer, SM2 e-seal, 归档 package, year catalogue, file store.
 *
 * Composition (api): with DATA_DIR,
 *   const files = new FileStore(dataDir);
 *   const templates = new RedHeaderTemplateStore(dataDir);
 *   renderer: DocumentRenderer  = new GbT9704Renderer(templates, files)
 *   seals:    SealService       = new Sm2SealService({ dataDir, files })
 *   packager: ArchivePackager   = new ZipArchivePackager(files, source)  // source: ArchiveMaterialSource
 *   yearCatalogueXlsx(filings, { year, unitName }) → Buffer for the 归档文件目录 download
 * Fonts: Debian fonts-noto-cjk (see fonts.ts).
 */
export { GbT9704Renderer } from './renderer';
export { Sm2SealService, verifySealedBytes, readSealAnchors, SEAL_ALGORITHM, type SealRecord } from './seal-service';
export {
  ZipArchivePackager,
  outgoingMaterial,
  incomingMaterial,
  countPdfPages,
  type ArchiveMaterial,
  type ArchiveMaterialSource,
  type ArchiveMetadata,
} from './archive-package';
export { yearCatalogueXlsx, CATALOGUE_COLUMNS } from './catalogue';
export { renderProcessingSlip, type SlipEntry, type SlipHeader } from './slip';
export { FileStore, type StoredFile } from './storage';
export {
  RedHeaderTemplateStore,
  defaultTemplate,
  checkTemplate,
  TemplateValidationError,
  type RedHeaderTemplate,
  type SeparatorStyle,
} from './templates';
export { layoutDocument, type SealAnchor } from './layout';

import type { ArchivePackager, DocumentRenderer, SealService } from '../../domain/documents/ports';
import type { ArchiveMaterialSource as Source } from './archive-package';
import { ZipArchivePackager as Packager } from './archive-package';
import { GbT9704Renderer as Renderer } from './renderer';
import { Sm2SealService as Seals } from './seal-service';
import { FileStore as Files } from './storage';
import { RedHeaderTemplateStore as Templates } from './templates';

/** Everything the 公文 API binds, over one DATA_DIR (packager only when a material source is given). */
export function documentAdapters(
  dataDir: string,
  source?: Source,
): {
  files: Files;
  templates: Templates;
  renderer: DocumentRenderer;
  sealService: Seals & SealService;
  packager: ArchivePackager | null;
} {
  const files = new Files(dataDir);
  const templates = new Templates(dataDir);
  return {
    files,
    templates,
    renderer: new Renderer(templates, files),
    sealService: new Seals({ dataDir, files }),
    packager: source ? new Packager(files, source) : null,
  };
}
