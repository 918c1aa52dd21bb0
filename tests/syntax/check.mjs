// The syntax gate: parses PowerShell files with tree-sitter-powershell and prints every syntax error as
// FILE:LINE:COLUMN. Usage: node check.mjs FILE...  Exit 0 when every file parses, 1 otherwise.
// The grammar rejects some valid PowerShell 7 (ternaries, ??, two attributes on one class property): our
// scripts keep to the subset it parses, which 5.1 parses too. One gap is bridged: the grammar knows no
// attribute before a class at all, yet a DSC resource class needs [DscResource(...)]. An attribute with
// arguments directly before a class is accepted; [DscResource()] with empty parentheses is still an error.
import v8 from 'node:v8';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Parser, Language } from 'web-tree-sitter';

// Without this, V8's optimising compiler spends ~11 s on the grammar's WebAssembly in every process.
v8.setFlagsFromString('--liftoff-only');

const require = createRequire(import.meta.url);
await Parser.init();
const language = await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
const parser = new Parser();
parser.setLanguage(language);

function isClassAttribute(node) {
  const attribute = node.namedChildCount === 1 ? node.namedChild(0) : null;
  const next = node.nextNamedSibling;
  const nextStatement = next?.type === 'statement_list' ? next.namedChild(0) : next;
  return attribute?.type === 'attribute'
    && attribute.namedChildren.some((child) => child.type === 'attribute_arguments')
    && nextStatement?.type === 'class_statement';
}

function* errors(node) {
  if (node.type === 'ERROR' && isClassAttribute(node)) {
    return;
  }
  if (node.type === 'ERROR' || node.isMissing) {
    yield node;
    return;
  }
  for (const child of node.children) {
    if (child.hasError || child.isMissing || child.type === 'ERROR') {
      yield* errors(child);
    }
  }
}

let failed = 0;
for (const file of process.argv.slice(2)) {
  const tree = parser.parse(readFileSync(file, 'utf8'));
  for (const node of errors(tree.rootNode)) {
    failed++;
    const what = node.isMissing ? `missing ${node.type}` : `cannot parse '${node.text.split('\n')[0].slice(0, 60)}'`;
    console.log(`${file}:${node.startPosition.row + 1}:${node.startPosition.column + 1}: ${what}`);
  }
}
console.log(`${process.argv.length - 2} file(s), ${failed} syntax error(s)`);
process.exit(failed === 0 ? 0 : 1);
