import type { TSyncPermission } from '@tributary/core';
import { expect } from 'vitest';
import type { TestServer, TestUser } from '../src/testing.ts';

/** Replaces the grants of a sync, as its admin, with the given users' permissions. */
export async function grantPermissions(
  server: TestServer,
  syncId: string,
  grants: Array<{ user: TestUser; permissions: TSyncPermission[] }>,
): Promise<void> {
  const response = await server.inject({
    method: 'PUT',
    url: `/api/syncs/${syncId}/permissions`,
    payload: {
      grants: grants.map(({ user, permissions }) => ({
        grantee: { type: 'user', id: user.id },
        canView: permissions.includes('view'),
        canEdit: permissions.includes('edit'),
        canRun: permissions.includes('run'),
        canManage: permissions.includes('manage'),
      })),
    },
  });
  expect(response.statusCode, response.body).toBe(200);
}
