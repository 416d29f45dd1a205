import { describe, expect, it } from 'vitest';
import { MODULE_PAGES, menuOf, type ModuleEntry } from './modules';
import { permissionMatches } from './permissions';

const entry = (path: string, order: number): ModuleEntry => ({ module: path, path, label: path, icon: '·', order });

describe('module menu', () => {
  it('shows the modules the server allows, in the server order, only where this build has pages', () => {
    // 'knowledge' (知识库) has no pages in this build: the server may list it, the menu does not show it
    const menu = menuOf([
      entry('cockpit', 900),
      entry('knowledge', 20),
      entry('supervision', 50),
      entry('home', 0),
      entry('documents', 10),
    ]);
    expect(menu.map((m) => m.path)).toEqual(['home', 'documents', 'supervision', 'cockpit']);
  });

  it('a module the server does not list is not shown, even when it has pages', () => {
    expect(menuOf([entry('home', 0)]).map((m) => m.path)).toEqual(['home']);
    expect(MODULE_PAGES.has('documents')).toBe(true);
  });

  it('wildcards grant by prefix only', () => {
    expect(permissionMatches('document.*', 'document.read')).toBe(true);
    expect(permissionMatches('document.*', 'documents.read')).toBe(false);
    expect(permissionMatches('org.read', 'org.admin')).toBe(false);
  });
});
