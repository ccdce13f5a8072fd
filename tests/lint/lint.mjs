// Lint Cypher statements with Neo4j's own language support (the linter of Neo4j's tools).
//
// stdin:  a JSON list of statements, or {"statements": [...], "schema": {labels,
//         relationshipTypes, propertyKeys}} to also warn on names the graph does not have.
// stdout: a JSON list, one entry per statement: [{severity, message, start, end}, ...].
// Built-in functions and procedures come from the package's own Neo4j 5/25 registry
// (testData.mockSchema), so a function Neo4j does not have (list_contains, label) is an error.
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

let input = '';
for await (const chunk of process.stdin) input += chunk;
const parsed = JSON.parse(input);
const statements = Array.isArray(parsed) ? parsed : parsed.statements;
const schema = {
  defaultLanguage: 'CYPHER 5', // Neo4j 5.26 LTS, the server docker-compose.yml starts
  functions: testData.mockSchema.functions,
  procedures: testData.mockSchema.procedures,
  ...(Array.isArray(parsed) ? {} : parsed.schema ?? {}),
};

const out = statements.map((query) =>
  lintCypherQuery(query, schema, { consoleCommandsEnabled: false }).diagnostics.map((d) => ({
    severity: SEVERITY[d.severity] ?? String(d.severity),
    message: d.message,
    start: d.offsets?.start ?? null,
    end: d.offsets?.end ?? null,
  })),
);
process.stdout.write(JSON.stringify(out));
