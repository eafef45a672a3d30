// Request schemas of the HTTP API that are not core schemas themselves (they are built from them).
import { z } from 'zod';
import { payloads, Uuid, Slug, Precedence, OPEN_STAGES } from '../core/index.ts';

const who = z.string().trim().min(1).max(64);

/** POST /api/casualties: the identity and injury of a `registered` event, plus envelope fields. */
export const RegisterCasualty = payloads.registered
  .extend({ id: Uuid.optional(), deviceId: who.optional(), author: who.optional() })
  .strict();
export type RegisterCasualty = z.infer<typeof RegisterCasualty>;

const seq = z.coerce.number().int().min(0);
const limit = (max: number) => z.coerce.number().int().min(1).max(max);

export const CasualtyQuery = z
  .object({
    status: z.enum(['open', 'closed', ...OPEN_STAGES] as [string, ...string[]]).optional(),
    precedence: Precedence.optional(),
    unit: Slug.optional(),
    facility: Slug.optional(),
    since: seq.optional(),
    limit: limit(1000).default(200),
  })
  .strict();

export const EvacuationQuery = z.object({ status: z.enum(['open', 'all']).default('open') }).strict();
export const EventsQuery = z.object({ after: seq.default(0), limit: limit(1000).default(1000) }).strict();
/** `access_token`: EventSource cannot send an Authorization header, so the stream alone takes the token here (issue 5). */
export const StreamQuery = z.object({ after: seq.optional(), access_token: z.string().max(200).optional() }).strict();
export const CasualtyParams = z.object({ id: Uuid });

export const ErrorResponse = z.object({
  error: z.object({
    code: z.enum(['bad_request', 'not_found', 'conflict', 'too_large', 'unauthorized', 'forbidden', 'rate_limited', 'unsupported_media_type', 'internal']),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
});
