import type { TUserRole } from '@tributary/core';

/** Who a service acts for: the signed-in user, and the address audit events record. */
export interface Actor {
  id: string;
  email: string;
  role: TUserRole;
  ip: string | null;
  /** The API token the request came with; the audit trail names it. */
  apiTokenId?: string | null;
}
