import { z } from 'zod';
import { ZDisplayNameSchema, ZEmailSchema, ZNewPasswordSchema, ZUserRoleSchema } from './session.ts';

/** A user as the admin area shows it; never a password or its hash. */
export const ZUserViewSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: ZUserRoleSchema,
  isDisabled: z.boolean(),
  lastSignInAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  /** Failed sign-ins against this account in the last hour, from every address; an admin may clear them. */
  failedSignIns: z.number().int().nonnegative(),
});
export type TUserView = z.infer<typeof ZUserViewSchema>;

/** `GET /api/users` (admin). */
export const ZUserListResponseSchema = z.object({ users: z.array(ZUserViewSchema) });
export type TUserListResponse = z.infer<typeof ZUserListResponseSchema>;

/** `POST /api/users` (admin). */
export const ZUserCreateRequestSchema = z.object({
  email: ZEmailSchema,
  displayName: ZDisplayNameSchema,
  role: ZUserRoleSchema,
  password: ZNewPasswordSchema,
});
export type TUserCreateRequest = z.input<typeof ZUserCreateRequestSchema>;

/** `PATCH /api/users/:id` (admin): only the fields given change. Disabling ends the user's sessions. */
export const ZUserUpdateRequestSchema = z
  .object({
    displayName: ZDisplayNameSchema,
    role: ZUserRoleSchema,
    isDisabled: z.boolean({ error: 'isDisabled must be true or false' }),
  })
  .partial();
export type TUserUpdateRequest = z.input<typeof ZUserUpdateRequestSchema>;

/** `POST /api/users/:id/password` (admin): sets a new password and ends the user's sessions. */
export const ZPasswordResetRequestSchema = z.object({ password: ZNewPasswordSchema });
export type TPasswordResetRequest = z.input<typeof ZPasswordResetRequestSchema>;
