import * as fontkit from 'fontkit';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * CJK fonts for 套红 / 办文单 / 印章 (embedded and subset into every PDF).
 *
 * GB/T 9704 asks for 小标宋 (标题, 发文机关标志), 仿宋 (正文), 黑体 (一级标题, 密级), 楷体, 宋体 (页码).
 * Free fonts shipped by Debian stand in for them: Noto Serif CJK SC Bold (小标宋), Noto Serif CJK SC
 * Regular (仿宋/宋体), Noto Sans CJK SC Bold (黑体). Debian package `fonts-noto-cjk`, installed by
 * `deploy/services.sh` (browser step). The files are TrueType Collections: the face is chosen by its
 * PostScript name. `OA_CJK_FONT_DIR` overrides the directory (the same four .ttc file names).
 */
export type FontRole = 'serif' | 'serifBold' | 'sans' | 'sansBold';

export interface FontFace {
  role: FontRole;
  file: string;
  /** PostScript name of the face inside the collection. */
  postscriptName: string;
}

const FACES: Record<FontRole, { file: string; ps: string }> = {
  serif: { file: 'NotoSerifCJK-Regular.ttc', ps: 'NotoSerifCJKsc-Regular' },
  serifBold: { file: 'NotoSerifCJK-Bold.ttc', ps: 'NotoSerifCJKsc-Bold' },
  sans: { file: 'NotoSansCJK-Regular.ttc', ps: 'NotoSansCJKsc-Regular' },
  sansBold: { file: 'NotoSansCJK-Bold.ttc', ps: 'NotoSansCJKsc-Bold' },
};

const DIRS = ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/noto-cjk', '/usr/share/fonts/google-noto-cjk'];

export function fontDir(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = env.OA_CJK_FONT_DIR ? [env.OA_CJK_FONT_DIR] : DIRS;
  for (const d of candidates) if (existsSync(join(d, FACES.serif.file))) return d;
  throw new Error(
    `找不到中文字体 ${FACES.serif.file}（已查找 ${candidates.join(', ')}）：请安装 Debian 软件包 fonts-noto-cjk，或设置 OA_CJK_FONT_DIR`,
  );
}

export function fontFace(role: FontRole, env: NodeJS.ProcessEnv = process.env): FontFace {
  return { role, file: join(fontDir(env), FACES[role].file), postscriptName: FACES[role].ps };
}

const cache = new Map<string, Buffer>();

/** The collection's bytes, read once per process (a .ttc is ~20–30 MB). */
export function fontBytes(face: FontFace): Buffer {
  let b = cache.get(face.file);
  if (!b) {
    b = readFileSync(face.file);
    cache.set(face.file, b);
  }
  return b;
}

const faces = new Map<FontRole, fontkit.Font>();

/**
 * The parsed face (fontkit), shared by every document of the process: parsing a CJK collection costs
 * ~0.3 s per face, so pdfkit gets this object instead of the bytes (it subsets per document anyway).
 */
export function parsedFace(role: FontRole, env: NodeJS.ProcessEnv = process.env): fontkit.Font {
  let f = faces.get(role);
  if (!f) {
    const face = fontFace(role, env);
    const parsed = fontkit.create(fontBytes(face), face.postscriptName);
    if (!('layout' in parsed)) throw new Error(`${face.file}: ${face.postscriptName} is not a font face`);
    f = parsed;
    faces.set(role, f);
  }
  return f;
}
