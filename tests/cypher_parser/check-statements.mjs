// Check Cypher statements with Neo4j's own parser and semantic analysis
// (npm @neo4j-cypher/language-support), as Neo4j 5 would see them.
//
// Input on stdin (JSON): {"labels": [...], "relationshipTypes": [...], "statements": {"name": "cypher", ...}}
// Output on stdout (JSON): {"name": [{"severity": "error"|"warning", "message": "..."}], ...}
// Undeclared-parameter diagnostics are dropped: liangxin passes every value as a parameter.
// The package's semantic analysis gives up silently on some statements (it then reports
// nothing and returns an empty symbol table, e.g. for an EXISTS subquery inside an aggregate):
// such a statement is reported as an error, since it was not really checked.
import { readFileSync } from 'node:fs';
import { isNotParamError, lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const input = JSON.parse(readFileSync(0, 'utf8'));

// Neo4j's built-in functions per Cypher version (the list the package ships), so that a
// function Neo4j lacks (an ArcadeDB extension, say) is reported.
const functions = {};
for (const [version, registry] of Object.entries(testData.mockSchema.functions)) {
  functions[version] = Object.fromEntries(
    Object.entries(registry).filter(([, fn]) => fn.isBuiltIn),
  );
}
const schema = {
  labels: input.labels,
  relationshipTypes: input.relationshipTypes,
  functions,
  procedures: {},
  defaultLanguage: 'CYPHER 5',
};

const severity = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const report = {};
for (const [name, statement] of Object.entries(input.statements)) {
  const { diagnostics, symbolTables } = lintCypherQuery(statement, schema);
  const found = diagnostics.filter(isNotParamError).map((d) => ({
    severity: severity[d.severity] ?? String(d.severity),
    message: d.message,
    offset: d.offsets?.start,
  }));
  const analysed = (symbolTables ?? []).length > 0 && symbolTables.every((table) => table.length > 0);
  if (!analysed && !/^\s*CREATE\s+CONSTRAINT\b/i.test(statement)) {
    found.push({ severity: 'error', message: 'semantic analysis did not run on this statement (no symbol table)' });
  }
  report[name] = found;
}
process.stdout.write(JSON.stringify(report));
