import ms from 'ms';
import { z } from 'zod';

/** Field types shared by the core configuration (src/config.ts) and each source's own section. */
export const url = z.string().url('must be a URL such as https://example.com');

/** A duration such as '6h', '30m' or '45s', as milliseconds. */
export const duration = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const value = ms(text as ms.StringValue);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      ctx.addIssue({ code: 'custom', message: "must be a duration such as '6h', '30m' or '45s'" });
      return z.NEVER;
    }
    return value;
  });

/** Credentials: never logged (see src/log.ts redaction). Unset means the feature is off. */
export const secret = z.string().min(1).optional();
