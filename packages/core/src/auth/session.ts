import { z } from 'zod';
import { storableText } from '../storable-text.ts';

export const USER_ROLES = ['admin', 'operator', 'viewer'] as const;
export const ZUserRoleSchema = z.enum(USER_ROLES, { error: 'Role must be admin, operator or viewer' });
export type TUserRole = z.infer<typeof ZUserRoleSchema>;
export const USER_ROLE_LABELS: Record<TUserRole, string> = {
  admin: 'Admin',
  operator: 'Operator',
  viewer: 'Viewer',
};

/** Stored and compared in lower case, so `Ann@Example.com` and `ann@example.com` are one account. */
export const ZEmailSchema = z
  .string({ error: 'Email is required' })
  .trim()
  .toLowerCase()
  .min(1, 'Email is required')
  .max(320, 'Email must be at most 320 characters')
  .superRefine(storableText('Email'))
  .pipe(z.email('Email must be an email address like name@example.com'));

export const PASSWORD_MIN_LENGTH = 12;
/** A new password (first admin, new user, reset); sign-in checks only that one was given. */
export const ZNewPasswordSchema = z
  .string({ error: 'Password is required' })
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(200, 'Password must be at most 200 characters')
  .superRefine(storableText('Password', 'raw'));

export const ZDisplayNameSchema = z
  .string({ error: 'Display name is required' })
  .trim()
  .min(1, 'Display name is required')
  .max(200, 'Display name must be at most 200 characters')
  .superRefine(storableText('Display name'));

/** The signed-in user, as every screen needs it. */
export const ZSessionUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: ZUserRoleSchema,
});
export type TSessionUser = z.infer<typeof ZSessionUserSchema>;

/**
 * `GET /api/auth/session`, and the answer of sign-in and first-admin. Send `csrfToken` as the
 * `x-csrf-token` header of every POST/PUT/PATCH/DELETE.
 */
export const ZSessionViewSchema = z.object({
  user: ZSessionUserSchema,
  csrfToken: z.string(),
});
export type TSessionView = z.infer<typeof ZSessionViewSchema>;

export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_COOKIE = 'tributary_session';

/** `GET /api/auth/status` (anonymous). */
export const ZAuthStatusSchema = z.object({
  /** True while no user exists: the UI then shows the first-admin form. */
  needsFirstAdmin: z.boolean(),
});
export type TAuthStatus = z.infer<typeof ZAuthStatusSchema>;

/** `POST /api/auth/sign-in`. */
export const ZSignInRequestSchema = z.object({
  email: ZEmailSchema,
  password: z
    .string({ error: 'Password is required' })
    .min(1, 'Password is required')
    .max(200, 'Password must be at most 200 characters')
    .superRefine(storableText('Password', 'raw')),
});
export type TSignInRequest = z.input<typeof ZSignInRequestSchema>;

/** `POST /api/auth/first-admin`, accepted only while no user exists. */
export const ZFirstAdminRequestSchema = z.object({
  email: ZEmailSchema,
  displayName: ZDisplayNameSchema,
  password: ZNewPasswordSchema,
});
export type TFirstAdminRequest = z.input<typeof ZFirstAdminRequestSchema>;
