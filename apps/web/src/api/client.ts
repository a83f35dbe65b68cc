import {
  ZApiTokenCreatedSchema,
  ZApiTokenListResponseSchema,
  ZAuditEventListResponseSchema,
  ZAuthStatusSchema,
  ZConnectionTestLogSchema,
  ZConnectionTestResponseSchema,
  ZGranteeListResponseSchema,
  ZGroupListResponseSchema,
  ZGroupViewSchema,
  ZHealthResponseSchema,
  ZJobDetailSchema,
  ZJobErrorsResponseSchema,
  ZJobListResponseSchema,
  ZJobLogsResponseSchema,
  ZJobSummarySchema,
  ZSessionViewSchema,
  ZSourceColumnsResponseSchema,
  ZSourceFileViewSchema,
  ZSourceTestResponseSchema,
  ZSyncListResponseSchema,
  ZSyncPermissionsResponseSchema,
  ZSyncPreviewResponseSchema,
  ZSyncViewSchema,
  ZUserListResponseSchema,
  ZUserViewSchema,
  type TApiTokenCreateRequest,
  type TAuditEventQuery,
  type TConnectionTestRequest,
  type TFirstAdminRequest,
  type TGroupCreateRequest,
  type TGroupMembersRequest,
  type TGroupUpdateRequest,
  type TJobErrorsQuery,
  type TJobListQuery,
  type TJobStartRequest,
  type TPasswordResetRequest,
  type TSignInRequest,
  type TSourceRequest,
  type TSyncPermissionsSaveRequest,
  type TSyncPreviewRequest,
  type TSyncSaveRequest,
  type TUserCreateRequest,
  type TUserUpdateRequest,
} from '@tributary/core';
import { pathOf, request, requestNoContent } from './request.ts';

export { ApiError } from './request.ts';

/** `?a=1&b=2` from the defined, non-empty entries, or '' when there are none. */
function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The upload content types the API accepts; anything else is sent as bytes. */
const UPLOAD_TYPES = new Set(['text/csv', 'text/tab-separated-values', 'text/plain']);

export const api = {
  health: () => request('/api/health', ZHealthResponseSchema),

  authStatus: () => request('/api/auth/status', ZAuthStatusSchema),
  session: () => request('/api/auth/session', ZSessionViewSchema, { isSessionProbe: true }),
  signIn: (body: TSignInRequest) =>
    request('/api/auth/sign-in', ZSessionViewSchema, { method: 'POST', body, isSessionProbe: true }),
  createFirstAdmin: (body: TFirstAdminRequest) =>
    request('/api/auth/first-admin', ZSessionViewSchema, { method: 'POST', body, isSessionProbe: true }),
  signOut: () => requestNoContent('/api/auth/sign-out', { method: 'POST', isSessionProbe: true }),

  users: () => request('/api/users', ZUserListResponseSchema),
  createUser: (body: TUserCreateRequest) => request('/api/users', ZUserViewSchema, { method: 'POST', body }),
  updateUser: (id: string, body: TUserUpdateRequest) =>
    request(pathOf('users', id), ZUserViewSchema, { method: 'PATCH', body }),
  resetPassword: (id: string, body: TPasswordResetRequest) =>
    requestNoContent(pathOf('users', id, 'password'), { method: 'POST', body }),
  clearSignInFailures: (id: string) =>
    request(pathOf('users', id, 'sign-in-failures'), ZUserViewSchema, { method: 'DELETE' }),

  apiTokens: () => request('/api/api-tokens', ZApiTokenListResponseSchema),
  createApiToken: (body: TApiTokenCreateRequest) =>
    request('/api/api-tokens', ZApiTokenCreatedSchema, { method: 'POST', body }),
  revokeApiToken: (id: string) => requestNoContent(pathOf('api-tokens', id), { method: 'DELETE' }),

  groups: () => request('/api/groups', ZGroupListResponseSchema),
  group: (id: string) => request(pathOf('groups', id), ZGroupViewSchema),
  createGroup: (body: TGroupCreateRequest) => request('/api/groups', ZGroupViewSchema, { method: 'POST', body }),
  updateGroup: (id: string, body: TGroupUpdateRequest) =>
    request(pathOf('groups', id), ZGroupViewSchema, { method: 'PATCH', body }),
  deleteGroup: (id: string) => requestNoContent(pathOf('groups', id), { method: 'DELETE' }),
  setGroupMembers: (id: string, body: TGroupMembersRequest) =>
    request(pathOf('groups', id, 'members'), ZGroupViewSchema, { method: 'PUT', body }),

  auditEvents: (query: TAuditEventQuery) =>
    request(`/api/audit-events${queryString(query)}`, ZAuditEventListResponseSchema),

  testConnection: (body: TConnectionTestRequest) =>
    request('/api/connections/test', ZConnectionTestResponseSchema, { method: 'POST', body }),
  syncs: () => request('/api/syncs', ZSyncListResponseSchema),
  sync: (id: string) => request(pathOf('syncs', id), ZSyncViewSchema),
  createSync: (body: TSyncSaveRequest) => request('/api/syncs', ZSyncViewSchema, { method: 'POST', body }),
  updateSync: (id: string, body: TSyncSaveRequest) =>
    request(pathOf('syncs', id), ZSyncViewSchema, { method: 'PUT', body }),
  deleteSync: (id: string) => requestNoContent(pathOf('syncs', id), { method: 'DELETE' }),
  syncPermissions: (id: string) => request(pathOf('syncs', id, 'permissions'), ZSyncPermissionsResponseSchema),
  saveSyncPermissions: (id: string, body: TSyncPermissionsSaveRequest) =>
    request(pathOf('syncs', id, 'permissions'), ZSyncPermissionsResponseSchema, { method: 'PUT', body }),
  syncGrantees: (id: string) => request(pathOf('syncs', id, 'grantees'), ZGranteeListResponseSchema),

  uploadSourceFile: (file: File) =>
    request(`/api/source-files${queryString({ name: file.name })}`, ZSourceFileViewSchema, {
      method: 'POST',
      upload: { contentType: UPLOAD_TYPES.has(file.type) ? file.type : 'application/octet-stream', data: file },
    }),
  testSource: (body: TSourceRequest) =>
    request('/api/sources/test', ZSourceTestResponseSchema, { method: 'POST', body }),
  sourceColumns: (body: TSourceRequest) =>
    request('/api/sources/columns', ZSourceColumnsResponseSchema, { method: 'POST', body }),
  previewSync: (body: TSyncPreviewRequest) =>
    request('/api/syncs/preview', ZSyncPreviewResponseSchema, { method: 'POST', body }),

  jobs: (query: TJobListQuery) => request(`/api/jobs${queryString(query)}`, ZJobListResponseSchema),
  job: (id: string) => request(pathOf('jobs', id), ZJobDetailSchema),
  startJob: (body: TJobStartRequest) => request('/api/jobs', ZJobSummarySchema, { method: 'POST', body }),
  cancelJob: (id: string) => request(pathOf('jobs', id, 'cancel'), ZJobSummarySchema, { method: 'POST' }),
  jobErrors: (id: string, query: TJobErrorsQuery) =>
    request(`${pathOf('jobs', id, 'errors')}${queryString(query)}`, ZJobErrorsResponseSchema),
  jobLogs: (id: string) => request(pathOf('jobs', id, 'logs'), ZJobLogsResponseSchema),
  jobErrorsCsvUrl: (id: string) => pathOf('jobs', id, 'errors.csv'),

  connectionLog: (id: string) => request(pathOf('connection-logs', id), ZConnectionTestLogSchema),
};
