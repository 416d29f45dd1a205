import { describe, expect, it } from 'vitest';
import { checkManifests, ownProcessesOf, type ModuleManifest } from './manifest';

const mod = (name: string, extra: Partial<ModuleManifest> = {}): ModuleManifest => ({ name, title: name, ...extra });

describe('module manifests', () => {
  it('collect every module’s own processes with where each starts', () => {
    const owned = ownProcessesOf([
      mod('documents', { ownProcesses: [{ definitionKey: 'outgoing-document', startFrom: '公文 → 拟稿' }] }),
      mod('workflow'),
      mod('attendance', { ownProcesses: [{ definitionKey: 'leave', startFrom: '考勤 → 申请' }] }),
    ]);
    expect([...owned]).toEqual([
      ['outgoing-document', '公文 → 拟稿'],
      ['leave', '考勤 → 申请'],
    ]);
  });

  it('refuse one process definition owned by two modules', () => {
    const twice = [
      mod('a', { ownProcesses: [{ definitionKey: 'leave', startFrom: 'a' }] }),
      mod('b', { ownProcesses: [{ definitionKey: 'leave', startFrom: 'b' }] }),
    ];
    expect(() => checkManifests(twice)).toThrow('process definition "leave" owned by two modules');
  });

  it('refuse two modules of one name and two menu entries on one path', () => {
    expect(() => checkManifests([mod('a'), mod('a')])).toThrow('module "a" declared twice');
    const menu = { path: 'x', label: 'x', icon: 'x', anyOf: [], order: 1 };
    expect(() => checkManifests([mod('a', { menu }), mod('b', { menu })])).toThrow('menu path "x" declared twice');
    expect(() => checkManifests([mod('a', { menu }), mod('b')])).not.toThrow();
  });
});
