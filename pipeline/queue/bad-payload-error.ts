import { BadInputError } from '../../core/index.js';

/** A payload that fails its schema, or a poison message: retrying cannot help, so it goes straight to failed. */
export class BadPayloadError extends BadInputError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'BadPayloadError';
  }
}

/** Validates a payload against its job's schema before any work (house style 7). */
export function parsePayload<P>(definition: { name: string; schema: { safeParse(v: unknown): { success: true; data: P } | { success: false; error: { message: string } } } }, payload: unknown): P {
  const parsed = definition.schema.safeParse(payload);
  if (!parsed.success) throw new BadPayloadError(`任务 ${definition.name} 的数据无效：${parsed.error.message}`);
  return parsed.data;
}
