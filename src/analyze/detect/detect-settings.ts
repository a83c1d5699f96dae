/**
 * Each analysis validates its own `detect.<name>` config section; one message format for all.
 */
import type { z } from 'zod';
import type { IdsiftConfig } from '../../core/config.js';
import { UserError } from '../../core/errors.js';

/** Parse `config.detect[name]` with the module's schema (defaults fill what is absent). */
export function parseDetectSettings<S extends z.ZodType>(config: IdsiftConfig, name: string, schema: S): z.infer<S> {
  const parsed = schema.safeParse(config.detect[name] ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = ['detect', name, ...issue.path.map(String)].join('.');
    throw new UserError(`${config.path ?? 'config'}: ${where}: ${issue.message}`);
  }
  return parsed.data;
}
