import { departmentDecider } from '../../domain/org/department/decide';
import { orgStreams } from '../../domain/org/common';
import { unitDecider } from '../../domain/org/unit/decide';
import { userDecider } from '../../domain/org/user/decide';
import type { CommandHandler } from '../pipeline/handler';

/**
 * What the 公文 commands need to know about the organisation (names for the registers, leaders for
 * 签发, membership for 传阅/承办). Default: folded from the org streams (strongly consistent).
 */
export interface DocumentOrg {
  unit(unitId: string): Promise<{ id: string; name: string; leaderUserId: string | null; open: boolean } | null>;
  department(
    departmentId: string,
  ): Promise<{ id: string; unitId: string; name: string; leaderUserId: string | null; open: boolean } | null>;
  user(userId: string): Promise<{ id: string; name: string; unitId: string; departmentId: string; active: boolean } | null>;
}

export class StoreDocumentOrg implements DocumentOrg {
  constructor(private readonly handler: CommandHandler) {}

  async unit(unitId: string) {
    const { state } = await this.handler.load(orgStreams.unit(unitId), unitDecider);
    if (state.status === 'none') return null;
    return { id: state.unitId, name: state.name, leaderUserId: state.leaderUserId, open: state.status === 'open' };
  }

  async department(departmentId: string) {
    const { state } = await this.handler.load(orgStreams.department(departmentId), departmentDecider);
    if (state.status === 'none') return null;
    return {
      id: state.departmentId,
      unitId: state.unitId,
      name: state.name,
      leaderUserId: state.leaderUserId,
      open: state.status === 'open',
    };
  }

  async user(userId: string) {
    const { state } = await this.handler.load(orgStreams.user(userId), userDecider);
    if (state.status === 'none') return null;
    return {
      id: state.userId,
      name: state.name,
      unitId: state.primaryPost.unitId,
      departmentId: state.primaryPost.departmentId,
      active: state.status === 'active',
    };
  }
}
