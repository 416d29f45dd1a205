import { describe, expect, it } from 'vitest';
import { pinyinInitials } from './pinyin';

describe('pinyinInitials (the person picker searches zgq → 赵国强)', () => {
  it('reads the initials of common names, surnames read as surnames, Latin kept', () => {
    expect(pinyinInitials('赵国强')).toBe('zgq');
    expect(pinyinInitials('陈志远')).toBe('czy');
    expect(pinyinInitials('秦涛')).toBe('qt');
    expect(pinyinInitials('曾国藩')).toBe('zgf');
    expect(pinyinInitials('单雄信')).toBe('sxx');
    expect(pinyinInitials('褚立新')).toBe('clx');
    expect(pinyinInitials('窦伟')).toBe('dw');
    expect(pinyinInitials('Li 明')).toBe('lim');
  });
});
