// Where the widget's wasm bytes go, per crate and per widget component.
// Usage: node bench/wasm-breakdown.mjs <wasm with names> <the same, stripped>
// (bash bench/wasm-size.sh --breakdown runs it).
// Reads `twiggy top --format csv` (function and data sizes after wasm-opt -Os --converge)
// and sums them by crate (the first path segment of each item's name) and,
// for this crate, by module (`verbatim::ui::row`, `verbatim::search`, ...).
// Generic code is counted where it was instantiated from only when the
// compiler kept that in the name: closures of `leptos`/`tachys` generics
// built for a component are named after the generic, so they count under
// `tachys`/`reactive_graph`. Raw bytes; the gzip share of each group is
// estimated from the whole module's gzip ratio.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const [file, stripped] = process.argv.slice(2);
if (!stripped) throw new Error('usage: node bench/wasm-breakdown.mjs <named.wasm> <stripped.wasm>');
const json = execFileSync('twiggy', ['top', '-n', '1000000', '--format', 'json', file], { maxBuffer: 1 << 28 }).toString();
const rows = JSON.parse(json)
  .map((item) => ({ name: item.name, bytes: item.shallow_size }))
  .filter((r) => !r.name.includes('"function names" subsection') && !r.name.startsWith('custom section'));

const crateOf = (name) => {
  if (/^(data|custom section|"function names"|type\[|import |export |elem\[|table\[|memory\[|global\[|code\[)/.test(name)) {
    if (name.startsWith('data')) return '(data: strings, tables, the embedded index)';
    return '(wasm structure: types, imports, exports, tables)';
  }
  const plain = name.replace(/^[<&*\s]+(mut\s+)?(dyn\s+)?/, '').replace(/^impl\s+/, '');
  const m = plain.match(/^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/);
  if (!m) return '(unnamed or std glue)';
  return m[1];
};
const moduleOf = (name) => {
  const m = name.match(/verbatim(?:\[[0-9a-f]+\])?::([a-z_]+(?:::[a-z_]+)?)/);
  if (!m) return null;
  const [top, sub] = m[1].split('::');
  return top === 'ui' && sub && !sub.startsWith('_') ? `ui::${sub}` : top;
};

const total = rows.reduce((a, r) => a + r.bytes, 0);
const gzipTotal = gzipSync(readFileSync(stripped), { level: 9 }).length;
const sum = (key) => {
  const groups = new Map();
  for (const r of rows) {
    const k = key(r.name);
    if (k) groups.set(k, (groups.get(k) ?? 0) + r.bytes);
  }
  return [...groups].sort((a, b) => b[1] - a[1]);
};
const show = (title, groups) => {
  console.log(`\n| ${title} | bytes | share | ≈ gzip |\n|---|---:|---:|---:|`);
  for (const [k, v] of groups) {
    if (v / total < 0.002) continue;
    console.log(`| ${k} | ${v} | ${((100 * v) / total).toFixed(1)}% | ${Math.round((v * gzipTotal) / total)} |`);
  }
};
console.log(`${total} bytes of functions and data; the module without names is ${gzipTotal} bytes gzip -9`);
show('crate', sum(crateOf));
show('module of this crate (names mentioning verbatim::)', sum(moduleOf));
