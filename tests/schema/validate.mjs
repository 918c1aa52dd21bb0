// Validates YAML (or JSON) files against a JSON Schema, independently of the C# loader:
//   node validate.mjs SCHEMA FILE...
// A jobs: document is validated whole. A DSC v3 document (one with resources:) has the properties of
// each ServiceManagement/BackgroundJob resource validated against the schema's job definition, with
// DSC's _exist (a boolean) allowed beside them.
// Prints one JSON object per file: {"file": ..., "valid": true|false, "errors": [...]}.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import { parse } from "yaml";

const [schemaPath, ...files] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
const validateDocument = ajv.compile(schema);
// Compiled on the first DSC document: a schema of one instance (the DSC manifest's embedded one) has no $defs/job.
let jobValidator;
const validateJob = (properties) => {
  jobValidator ??= ajv.compile({ ...schema, required: undefined, properties: undefined, additionalProperties: undefined, $ref: "#/$defs/job" });
  const valid = jobValidator(properties);
  validateJob.errors = jobValidator.errors;
  return valid;
};

function check(document) {
  if (document !== null && typeof document === "object" && "resources" in document && !("jobs" in document)) {
    const errors = [];
    if (!Array.isArray(document.resources)) return ["/resources must be array"];
    document.resources.forEach((resource, i) => {
      if (String(resource?.type).toLowerCase() !== "servicemanagement/backgroundjob") return;
      const { _exist, ...properties } = resource.properties ?? {};
      if (_exist !== undefined && typeof _exist !== "boolean") errors.push(`/resources/${i}/properties/_exist must be boolean`);
      if (!validateJob(properties)) errors.push(...validateJob.errors.map((e) => `/resources/${i}/properties${e.instancePath} ${e.message}`));
    });
    return errors;
  }
  return validateDocument(document) ? [] : validateDocument.errors.map((e) => `${e.instancePath} ${e.message}`);
}

for (const file of files) {
  let errors;
  try {
    errors = check(parse(readFileSync(file, "utf8"), { schema: "core", uniqueKeys: true, maxAliasCount: 100 }));
  } catch (e) {
    errors = [String(e.message ?? e)];
  }
  console.log(JSON.stringify({ file, valid: errors.length === 0, errors }));
}
