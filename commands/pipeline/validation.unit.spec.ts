import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsObject, ValidateNested } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { CreateUnitDto, DefineRoleDto, HireUserDto, MoveDto } from '../org/dtos';
import { ValidationFailed, validateDto } from './validation';

async function failure(p: Promise<unknown>): Promise<ValidationFailed> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationFailed);
  return err as ValidationFailed;
}

const goodHire = {
  username: 'zhangsan',
  name: '张三',
  primaryPost: { unitId: 'czj', departmentId: 'czj-yss', title: '科员', rank: '科员' },
};

describe('validateDto', () => {
  it('returns a class instance for a valid body', async () => {
    const dto = await validateDto(HireUserDto, goodHire);
    expect(dto).toBeInstanceOf(HireUserDto);
    expect(dto.primaryPost.rank).toBe('科员');
  });

  it('names nested fields and speaks Chinese', async () => {
    const err = await failure(validateDto(HireUserDto, { ...goodHire, primaryPost: { ...goodHire.primaryPost, rank: '局长' } }));
    expect(err.errors).toHaveLength(1);
    expect(err.errors[0].field).toBe('primaryPost.rank');
    expect(err.errors[0].messages[0]).toContain('职务级别必须是以下之一');
  });

  it('refuses fields that are not in the DTO, also nested ones', async () => {
    const err = await failure(
      validateDto(HireUserDto, { ...goodHire, isAdmin: true, primaryPost: { ...goodHire.primaryPost, salary: 1 } }),
    );
    expect(err.errors.map((e) => e.field).sort()).toEqual(['isAdmin', 'primaryPost.salary']);
    expect(err.errors.find((e) => e.field === 'isAdmin')?.messages).toEqual(['不允许的字段：isAdmin']);
  });

  it('reports every wrong field', async () => {
    const err = await failure(validateDto(DefineRoleDto, { name: '', permissions: ['org.read', 7] }));
    const fields = Object.fromEntries(err.errors.map((e) => [e.field, e.messages]));
    expect(fields.name).toEqual(['角色名称不能为空']);
    expect(fields.permissions).toEqual(['每项权限必须是字符串']);
  });

  it('writes array elements of nested DTOs as a.b[0].c', async () => {
    class Line {
      @IsInt({ message: '金额必须是整数（分）' }) amount!: number;
    }
    class Claim {
      @IsArray() @ValidateNested({ each: true }) @Type(() => Line) lines!: Line[];
    }
    class Envelope {
      @IsObject() @ValidateNested() @Type(() => Claim) claim!: Claim;
    }
    const err = await failure(validateDto(Envelope, { claim: { lines: [{ amount: 1 }, { amount: 1.5 }, { amount: 2, x: 1 }] } }));
    expect(err.errors).toEqual([
      { field: 'claim.lines[1].amount', messages: ['金额必须是整数（分）'] },
      { field: 'claim.lines[2].x', messages: ['不允许的字段：x'] },
    ]);
  });

  it('a nested object that is not an object, a missing nested object, a non-object body', async () => {
    let err = await failure(validateDto(HireUserDto, { ...goodHire, primaryPost: 'czj' }));
    expect(err.errors[0].field).toBe('primaryPost');
    expect(err.errors[0].messages).toContain('主职岗位必须是对象');
    err = await failure(validateDto(HireUserDto, { username: 'zhangsan', name: '张三' }));
    expect(err.errors.map((e) => e.field)).toEqual(['primaryPost']);
    err = await failure(validateDto(CreateUnitDto, [1, 2]));
    expect(err.errors).toEqual([{ field: '', messages: ['请求体必须是 JSON 对象'] }]);
    err = await failure(validateDto(CreateUnitDto, null));
    expect(err.errors[0].field).toBe('');
  });

  it('null is an explicit value where the DTO allows it (move to the top), and a missing key is an error', async () => {
    expect((await validateDto(MoveDto, { parentId: null })).parentId).toBeNull();
    const err = await failure(validateDto(MoveDto, {}));
    expect(err.errors[0].field).toBe('parentId');
  });
});
