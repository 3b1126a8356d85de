// Writes a 10-hour WebVTT episode with a large vocabulary and indexes it
// (run on demand, not in CI): 40,000 pseudo-words made of syllables, drawn
// with Zipf's law (word k about 1/k as often as the first), 15 to 45 per
// segment, two speakers taking turns. Real long episodes have far more
// distinct words than run.mjs's repeated demo (1,754), and the widget's
// work at load (its dictionary and postings, its allocator's free list)
// grows with them. The same seed writes the same file.
//   node bench/vocabulary-episode.mjs OUT.vtt OUT.idx
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const [vttPath, idxPath] = process.argv.slice(2);
if (!idxPath) throw new Error('usage: node bench/vocabulary-episode.mjs OUT.vtt OUT.idx');
const cli = resolve(import.meta.dirname, '../target/release/verbatim');

// mulberry32: a small seeded generator, so every run writes the same file.
let seed = 7;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (n) => Math.floor(random() * n);

const syllables = ['ka', 'lo', 'mi', 'ren', 'ta', 'shu', 'vo', 'pe', 'dri', 'nal', 'qui', 'zo', 'bex', 'tor', 'lim', 'sa', 'gu', 'fe', 'wen', 'cho'];
const words = new Set();
while (words.size < 40_000) {
  let word = '';
  for (let i = 2 + pick(3); i > 0; i--) word += syllables[pick(syllables.length)];
  words.add(word);
}
const vocabulary = [...words];
// Cumulative Zipf weights, searched by bisection for each draw.
const cumulative = [];
let sum = 0;
for (let k = 1; k <= vocabulary.length; k++) cumulative.push((sum += 1 / k));
const draw = () => {
  const x = random() * sum;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return vocabulary[lo];
};
const clock = (ms) => {
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
};
let vtt = 'WEBVTT\n\n';
const used = new Set();
for (let t = 0, n = 0; t < 36_000_000; n++) {
  const count = 15 + pick(31);
  const drawn = Array.from({ length: count }, draw);
  drawn.forEach((word) => used.add(word));
  const text = drawn.join(' ');
  const length = count * 350;
  vtt += `${clock(t)} --> ${clock(t + length)}\n<v ${n % 2 ? 'Ann' : 'Bo'}>${text}.\n\n`;
  t += length;
}
writeFileSync(vttPath, vtt);
console.log(`${vttPath}: ${used.size} distinct words`);
execFileSync(cli, ['index', vttPath, '-o', idxPath], { stdio: 'inherit' });
