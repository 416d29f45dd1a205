import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  /** 用户名 */
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password!: string;
}

export class RefreshDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  refreshToken!: string;
}

export class ChangeOwnPasswordDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  currentPassword!: string;

  /** 8–64 位，至少包含大写、小写、数字、特殊字符中的三类 */
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  newPassword!: string;
}
