import { Tier } from '@agent-mesh/plugin-agent-mesh-common';
import { JsonObject } from '@backstage/types';
import { customizeValidator } from '@rjsf/validator-ajv8';
import ajvErrors from 'ajv-errors';
import { loadTemplate } from './templateFiles';

// The form's validator, configured as the scaffolder's Stepper configures it (ajv 8 with ajv-errors).
const formValidator = customizeValidator();
ajvErrors(formValidator.ajv);

function withoutUiKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUiKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith('ui:'))
      .map(([key, v]) => [key, withoutUiKeys(v)]),
  );
}

/** The tier template form's errors for the values, page by page, as `.property: message`. */
export function formErrors(tier: Tier, values: JsonObject): string[] {
  const { template } = loadTemplate(tier);
  return (template.spec.parameters as JsonObject[]).flatMap(page =>
    formValidator
      .validateFormData(values, withoutUiKeys(page) as JsonObject)
      .errors.map(e => `${e.property}: ${e.message}`),
  );
}
