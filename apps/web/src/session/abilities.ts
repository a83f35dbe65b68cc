import type { TUserRole } from '@tributary/core';

/** What a role may do outside any one sync; per-sync rights come with each sync's `access`. */
export const isAdmin = (role: TUserRole): boolean => role === 'admin';

/** Viewers only read: they never create data syncs. */
export const canCreateSyncs = (role: TUserRole): boolean => role !== 'viewer';
