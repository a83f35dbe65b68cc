import { z } from 'zod';
import { storableText } from '../storable-text.ts';

/** Every API token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = 'trb_';

/** `POST /api/api-tokens`: a token of the signed-in user, with their role and permissions. */
export const ZApiTokenCreateRequestSchema = z.object({
  name: z
    .string({ error: 'Name is required' })
    .trim()
    .min(1, 'Name is required')
    .max(100, 'Name must be at most 100 characters')
    .superRefine(storableText('Name')),
  /** Null: the token works until it is revoked. */
  expiresInDays: z
    .number({ error: 'Expires in days must be a number' })
    .int('Expires in days must be a whole number')
    .min(1, 'Expires in days must be 1–3650')
    .max(3650, 'Expires in days must be 1–3650')
    .nullable()
    .default(null),
});
export type TApiTokenCreateRequest = z.input<typeof ZApiTokenCreateRequestSchema>;

/** A token as listed: never the token itself, which only its creation answer carries. */
export const ZApiTokenViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The first characters of the token (`trb_AbCd…`), to tell tokens apart. */
  hint: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
});
export type TApiTokenView = z.infer<typeof ZApiTokenViewSchema>;

export const ZApiTokenListResponseSchema = z.object({ tokens: z.array(ZApiTokenViewSchema) });
export type TApiTokenListResponse = z.infer<typeof ZApiTokenListResponseSchema>;

/** The creation answer: the only time the token is shown. */
export const ZApiTokenCreatedSchema = z.object({ token: z.string(), apiToken: ZApiTokenViewSchema });
export type TApiTokenCreated = z.infer<typeof ZApiTokenCreatedSchema>;
