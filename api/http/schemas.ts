/** Helpers for the routes' answer schemas (`response:`, JSON Schema 2020-12 as OpenAPI 3.1 reads it). */
export type Schema = Record<string, unknown>;

/** A closed object: every listed property present unless named in `optional`. */
export function closed(properties: Record<string, Schema>, optional: readonly string[] = [], description?: string): Schema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    properties,
    additionalProperties: false,
  };
}
