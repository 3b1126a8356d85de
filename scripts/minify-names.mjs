// Shortens the names the widget's wasm and its wasm-bindgen glue call each
// other by: about 250 imports such as
// `"./verbatim_bg.js"."__wbg_getBoundingClientRect_329ca748ec918b0c"` and
// the exported closure shims such as
// `wasm_bindgen_f1d7d887694c14bd___convert__closures_____invoke_…`, which
// terser cannot touch (they are strings in the wasm and property names in
// the glue). On the demo build: wasm 3.6 KB and glue 2.6 KB less gzipped.
//
// Usage: node scripts/minify-names.mjs GLUE.js WASM
// Run on wasm-bindgen's unminified glue (minify-glue.sh runs it before
// terser), either target (`web` or `no-modules`). Renamed: imports from the
// glue's module (the module itself becomes `$`), and exports named by
// wasm-bindgen (`__wbindgen_…`, `__wbg_…`, `wasm_bindgen_…`); the widget's
// own exports (`mount`, `mount_element`) and `memory` keep their names.
// New names start with `$`, which the unminified glue never uses, so they
// cannot meet its own identifiers. Every name is checked before and after:
// a glue whose shape this script does not know fails the build, never the
// page.
import { readFileSync, writeFileSync } from 'node:fs';

const [gluePath, wasmPath] = process.argv.slice(2);
if (!wasmPath) throw new Error('usage: node scripts/minify-names.mjs GLUE.js WASM');
const GLUE_MODULE = './verbatim_bg.js';

// ---------------------------------------------------------------- wasm bytes

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

function readName(bytes, at) {
  const [len, start] = readLeb(bytes, at);
  return [bytes.subarray(start, start + len).toString('utf8'), start + len];
}

const nameBytes = (name) => {
  const b = Buffer.from(name, 'utf8');
  return Buffer.concat([leb(b.length), b]);
};

/** The end of an import's description (its kind byte at `at`). */
function skipImportDesc(bytes, at) {
  const kind = bytes[at++];
  const limits = (p) => {
    const flags = bytes[p++];
    [, p] = readLeb(bytes, p);
    if (flags & 1) [, p] = readLeb(bytes, p);
    return p;
  };
  switch (kind) {
    case 0: return readLeb(bytes, at)[1]; // function: type index
    case 1: return limits(at + 1); // table: reference type, limits
    case 2: return limits(at); // memory: limits
    case 3: return at + 2; // global: value type, mutability
    case 4: return readLeb(bytes, at + 1)[1]; // tag: attribute, type index
    default: throw new Error(`unknown import kind ${kind}`);
  }
}

const wasm = readFileSync(wasmPath);
if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error(`${wasmPath} is not a wasm module`);
const renames = new Map(); // old name in the glue -> new name
const imported = new Set(); // the renamed imports, each a key of the glue's import object
let counter = 0;
const fresh = () => `$${(counter++).toString(36)}`;
const wasBindgenName = (name) => /^(__wbindgen_|__wbg_|wasm_bindgen_)/.test(name);

const sections = [wasm.subarray(0, 8)];
let at = 8;
let importsRenamed = 0;
while (at < wasm.length) {
  const id = wasm[at];
  const [size, bodyStart] = readLeb(wasm, at + 1);
  const body = wasm.subarray(bodyStart, bodyStart + size);
  let newBody = body;
  if (id === 2 || id === 7) {
    const [count, first] = readLeb(body, 0);
    const parts = [leb(count)];
    let p = first;
    for (let i = 0; i < count; i++) {
      if (id === 2) {
        const [module, q] = readName(body, p);
        const [field, r] = readName(body, q);
        const end = skipImportDesc(body, r);
        const desc = body.subarray(r, end);
        if (module === GLUE_MODULE) {
          if (!renames.has(field)) renames.set(field, fresh());
          imported.add(field);
          parts.push(nameBytes('$'), nameBytes(renames.get(field)), desc);
          importsRenamed++;
        } else {
          parts.push(body.subarray(p, end));
        }
        p = end;
      } else {
        const [name, q] = readName(body, p);
        const end = readLeb(body, q + 1)[1]; // kind byte, index
        if (wasBindgenName(name)) {
          if (!renames.has(name)) renames.set(name, fresh());
          parts.push(nameBytes(renames.get(name)), body.subarray(q, end));
        } else {
          parts.push(body.subarray(p, end));
        }
        p = end;
      }
    }
    if (p !== body.length) throw new Error(`section ${id}: ${body.length - p} bytes left over`);
    newBody = Buffer.concat(parts);
  }
  sections.push(Buffer.from([id]), leb(newBody.length), newBody);
  at = bodyStart + size;
}
if (importsRenamed === 0) throw new Error(`${wasmPath} imports nothing from ${GLUE_MODULE}: already minified?`);

// ---------------------------------------------------------------- the glue

let glue = readFileSync(gluePath, 'utf8');
if (/\$[0-9a-z]/.test(glue.replace(/`[^`]*`/g, ''))) throw new Error(`${gluePath} already uses $-names`);
const moduleKey = `"${GLUE_MODULE}": import0`;
if (glue.split(moduleKey).length !== 2) throw new Error(`${gluePath}: expected one ${moduleKey}`);
glue = glue.replace(moduleKey, '"$": import0');
const escape = (s) => s.replace(/[$]/g, '\\$');
for (const [old, short] of renames) {
  const word = new RegExp(`(?<![\\w$])${escape(old)}(?![\\w$])`, 'g');
  const uses = glue.match(word)?.length ?? 0;
  // An import is a key of the glue's import object; an export the glue
  // never calls (`__wbindgen_free`) is renamed all the same.
  if (imported.has(old) && uses === 0) throw new Error(`${gluePath} never names the import ${old}`);
  glue = glue.replace(word, short);
}
for (const old of renames.keys()) {
  if (new RegExp(`(?<![\\w$])${escape(old)}(?![\\w$])`).test(glue)) throw new Error(`${gluePath} still names ${old}`);
}

writeFileSync(wasmPath, Buffer.concat(sections));
writeFileSync(gluePath, glue);
console.log(`minify-names: ${renames.size} names shortened (${importsRenamed} imports) in ${wasmPath} and ${gluePath}`);
