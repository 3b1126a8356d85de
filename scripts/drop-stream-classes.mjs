// Drops the three JavaScript classes of wasm-streams from the widget's wasm
// and its wasm-bindgen glue: `IntoUnderlyingSource`, `IntoUnderlyingSink`
// and `IntoUnderlyingByteSource`. Leptos depends on server_fn with its
// `browser` feature, which brings wasm-streams; its classes are exported
// from the wasm, so no optimiser can drop them, though nothing in the
// widget makes one (the glue has no constructor for them from Rust, and no
// page calls them). On the demo build: 1.3 KB less gzipped wasm.
//
// Usage: node scripts/drop-stream-classes.mjs GLUE.js WASM
// Run on wasm-bindgen's unminified glue, either target (`web` or
// `no-modules`), before minify-names.mjs (minify-glue.sh runs it). A glue
// without the classes is left as it is; a glue whose classes are not in
// the shape this script knows fails the build, never the page.
import { readFileSync, writeFileSync } from 'node:fs';
import binaryen from 'binaryen';

const [gluePath, wasmPath] = process.argv.slice(2);
if (!wasmPath) throw new Error('usage: node scripts/drop-stream-classes.mjs GLUE.js WASM');
const CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];

let lines = readFileSync(gluePath, 'utf8').split('\n');
if (!lines.some((line) => /\bIntoUnderlying/.test(line))) {
  console.log(`drop-stream-classes: ${gluePath} has none of the classes`);
  process.exit(0);
}

/** Removes lines `from..=to` (indexes) of the glue. */
const cut = (from, to) => {
  lines = [...lines.slice(0, from), ...lines.slice(to + 1)];
};
const find = (re, from = 0) => {
  const at = lines.findIndex((line, i) => i >= from && re.test(line));
  if (at < 0) throw new Error(`${gluePath}: no line matching ${re}`);
  return at;
};
for (const name of CLASSES) {
  // The class, through the line that gives it `Symbol.dispose`, and (in the
  // `no-modules` glue) the line that exports it.
  const start = find(new RegExp(`^\\s*(export )?class ${name} \\{$`));
  let end = find(new RegExp(`^\\s*if \\(Symbol\\.dispose\\) ${name}\\.prototype\\[Symbol\\.dispose\\] = ${name}\\.prototype\\.free;$`), start);
  if (new RegExp(`^\\s*exports\\.${name} = ${name};$`).test(lines[end + 1])) end++;
  cut(start, end);
  // Its finalization registry: a three-line conditional ending in `);`.
  const registry = find(new RegExp(`^\\s*const ${name}Finalization = `));
  const last = find(/\);$/, registry);
  if (last - registry > 2) throw new Error(`${gluePath}: ${name}Finalization is not the three lines expected`);
  cut(registry, last);
}
const glue = lines.join('\n');
if (/IntoUnderlying|intounderlying/.test(glue)) throw new Error(`${gluePath} still names a stream class`);

// The wasm: the classes' exports go (their methods and `__wbg_…_free`),
// then everything only they reached, and the module is optimised for size
// again (as `wasm-opt -Os`).
const module = binaryen.readBinary(readFileSync(wasmPath));
const dropped = [];
for (let i = module.getNumExports() - 1; i >= 0; i--) {
  const { name } = binaryen.getExportInfo(module.getExportByIndex(i));
  if (/^(__wbg_)?intounderlying/.test(name)) dropped.push(name);
}
if (dropped.length === 0) throw new Error(`${wasmPath} exports no stream class, but its glue has them`);
for (const name of dropped) module.removeExport(name);
module.runPasses(['remove-unused-module-elements']);
binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(1);
module.optimize();
if (!module.validate()) throw new Error(`${wasmPath}: the module is not valid once the stream classes are dropped`);
writeFileSync(wasmPath, module.emitBinary());
writeFileSync(gluePath, glue);
console.log(`drop-stream-classes: ${dropped.length} exports and ${CLASSES.length} classes dropped from ${wasmPath} and ${gluePath}`);
