import { z } from 'zod';

/** Where the CLI talks to, from its environment; checked before anything is sent. */
const ZCliEnvSchema = z.object({
  TRIBUTARY_URL: z
    .string({ error: 'TRIBUTARY_URL is not set: the address of Tributary, e.g. http://127.0.0.1:8080' })
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
      error: 'TRIBUTARY_URL must be an http:// or https:// address, e.g. http://127.0.0.1:8080',
    }),
  TRIBUTARY_TOKEN: z
    .string({ error: 'TRIBUTARY_TOKEN is not set: create an API token under API tokens in the app' })
    .regex(/^trb_\S+$/, 'TRIBUTARY_TOKEN must be an API token starting with trb_'),
});

export interface CliConfig {
  baseUrl: string;
  token: string;
}

export function loadCliConfig(env: NodeJS.ProcessEnv): CliConfig | { problems: string[] } {
  const parsed = ZCliEnvSchema.safeParse(env);
  if (!parsed.success) return { problems: parsed.error.issues.map((issue) => issue.message) };
  return { baseUrl: parsed.data.TRIBUTARY_URL.replace(/\/+$/, ''), token: parsed.data.TRIBUTARY_TOKEN };
}
