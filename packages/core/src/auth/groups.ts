import { z } from 'zod';
import { storableText } from '../storable-text.ts';

const ZGroupNameSchema = z
  .string({ error: 'Name is required' })
  .trim()
  .min(1, 'Name is required')
  .max(200, 'Name must be at most 200 characters')
  .superRefine(storableText('Name'));

export const ZGroupMemberSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
});
export type TGroupMember = z.infer<typeof ZGroupMemberSchema>;

export const ZGroupViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  members: z.array(ZGroupMemberSchema),
  createdAt: z.iso.datetime(),
});
export type TGroupView = z.infer<typeof ZGroupViewSchema>;

/** `GET /api/groups` (admin). */
export const ZGroupListResponseSchema = z.object({ groups: z.array(ZGroupViewSchema) });
export type TGroupListResponse = z.infer<typeof ZGroupListResponseSchema>;

/** `POST /api/groups` (admin). */
export const ZGroupCreateRequestSchema = z.object({
  name: ZGroupNameSchema,
  description: z
    .string({ error: 'Description must be text' })
    .trim()
    .max(2_000, 'Description must be at most 2000 characters')
    .superRefine(storableText('Description', 'text'))
    .default(''),
});
export type TGroupCreateRequest = z.input<typeof ZGroupCreateRequestSchema>;

/** `PATCH /api/groups/:id` (admin): only the fields given change. */
export const ZGroupUpdateRequestSchema = ZGroupCreateRequestSchema.partial();
export type TGroupUpdateRequest = z.input<typeof ZGroupUpdateRequestSchema>;

/** `PUT /api/groups/:id/members` (admin): replaces the members. */
export const ZGroupMembersRequestSchema = z.object({
  userIds: z
    .array(z.uuid('userIds must hold user ids'))
    .max(10_000)
    .refine((ids) => new Set(ids).size === ids.length, 'userIds must not repeat a user'),
});
export type TGroupMembersRequest = z.input<typeof ZGroupMembersRequestSchema>;
