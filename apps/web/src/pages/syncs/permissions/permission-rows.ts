import type { TGranteeView, TSyncAccess, TSyncPermissionGrant, TSyncPermissionsSaveRequest } from '@tributary/core';

/** One line of the Permissions tab: who, and which of the four rights. */
export type PermissionRow = TSyncAccess & { grantee: TGranteeView };

export const RIGHTS = [
  { key: 'canView', label: 'View' },
  { key: 'canEdit', label: 'Edit' },
  { key: 'canRun', label: 'Run' },
  { key: 'canManage', label: 'Manage' },
] as const satisfies readonly { key: keyof TSyncAccess; label: string }[];

export const granteeKey = (grantee: Pick<TGranteeView, 'type' | 'id'>): string => `${grantee.type}:${grantee.id}`;

export function rowsFromGrants(grants: TSyncPermissionGrant[]): PermissionRow[] {
  return grants.map(({ grantee, canView, canEdit, canRun, canManage }) => ({
    grantee,
    canView,
    canEdit,
    canRun,
    canManage,
  }));
}

/**
 * Edit, run and manage each include view (one cannot edit what one cannot see): ticking them
 * ticks View, and clearing View clears them.
 */
export function toggleRight(row: PermissionRow, key: keyof TSyncAccess, isOn: boolean): PermissionRow {
  if (key === 'canView') {
    return isOn
      ? { ...row, canView: true }
      : { ...row, canView: false, canEdit: false, canRun: false, canManage: false };
  }
  return { ...row, [key]: isOn, ...(isOn && { canView: true }) };
}

export function saveRequestFromRows(rows: PermissionRow[]): TSyncPermissionsSaveRequest {
  return {
    grants: rows.map(({ grantee, canView, canEdit, canRun, canManage }) => ({
      grantee: { type: grantee.type, id: grantee.id },
      canView,
      canEdit,
      canRun,
      canManage,
    })),
  };
}
