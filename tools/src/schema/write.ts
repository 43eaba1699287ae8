/**
 * Writes pipelines/pipeline.schema.json (`npm run schema`). The shipped pipeline files point at it
 * with a `# yaml-language-server: $schema=../pipeline.schema.json` first line.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PIPELINE_SCHEMA_FILE, pipelineJsonSchema } from './pipeline-schema';

const root = resolve(__dirname, '../../..');
writeFileSync(join(root, PIPELINE_SCHEMA_FILE), `${JSON.stringify(pipelineJsonSchema(), null, 2)}\n`);
console.log(`wrote ${PIPELINE_SCHEMA_FILE}`);
