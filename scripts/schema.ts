// `npm run schema`: writes schema/upwatch.schema.json, the JSON Schema of the targets file, from the same
// declaration the validator walks. A test fails when the committed file differs from it.
import { mkdirSync, writeFileSync } from 'node:fs'
import { SCHEMA_FILE, targetsFileSchemaText } from '../src/targets/schema.js'

mkdirSync('schema', { recursive: true })
writeFileSync(SCHEMA_FILE, targetsFileSchemaText())
console.log(`wrote ${SCHEMA_FILE}`)
