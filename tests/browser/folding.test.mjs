// Accents, case, ligatures, full-width letters and CJK fold in the widget
// exactly as the CLI folds them. The widget's wasm has no folding table: it
// learns the folds of the index's own characters from the index, and folds
// any other character a query brings with the browser's Unicode functions
// (src/tokenize/fold.rs). Every query below is checked against `verbatim
// search` on the same index, whose folding is the whole table; most bring
// characters the transcript does not have, so they take the browser's path.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import {
  readFileSync, suite, cliSearch, SEARCH, openWidget, setQuery, waitForCount, segments, assertNoErrors, writeEpisode,
} from './harness.mjs';

// Each cue holds words in one folded and one unfolded spelling, so that
// queries in either spelling find them. `e\u0301` is an e and a combining
// accent (NFD text, as some tools write it).
const VTT = `WEBVTT

00:00.000 --> 00:04.000
<v Zoë Ångström>We met at the Café Zürich, a naïve plan: résumé first.

00:04.000 --> 00:08.000
<v Zoë Ångström>The cafe\u0301 in Straße was full of ﬁne people, ＦＵＬＬＹ booked.

00:08.000 --> 00:12.000
<v Ωmega>ΣΟΦΙΑ and σοφία said İstanbul is 5 K away, step ① of ②.

00:12.000 --> 00:16.000
<v Ωmega>人工智能的时代 and ｶﾀｶﾅ and 한국어 — all plain resume and fine text.
`;

// [query, what it should find]: typed as a reader might, accented or not.
const QUERIES = [
  ['cafe', 'café, cafe\u0301'],
  ['CAFÉ', 'an É the text does not have'],
  ['zurich', 'Zürich'],
  ['ZÜRICH', 'Ü, not in the text'],
  ['naive', 'naïve'],
  ['resume', 'résumé and resume'],
  ['RÉSUMÉ', 'É'],
  ['strasse', 'Straße'],
  ['STRASSE', 'capitals'],
  ['straße', 'ß as typed'],
  ['fine', 'ﬁne (a ligature) and fine'],
  ['ﬁne', 'a ligature the query brings'],
  ['fully', 'full-width ＦＵＬＬＹ'],
  ['ｆｕｌｌｙ', 'full-width lower case, not in the text'],
  ['σοφια', 'ΣΟΦΙΑ and σοφία'],
  ['ΣΟΦΊΑ', 'a Greek accent'],
  ['istanbul', 'İstanbul'],
  ['k', 'the Kelvin sign'],
  ['1', 'circled one'],
  ['⑵', 'a parenthesised two: "(2)", the text has ②'],
  ['人工', 'a bigram'],
  ['时代', 'another'],
  ['カタカナ', 'full-width katakana for the half-width ｶﾀｶﾅ'],
  ['한국', 'Hangul'],
];

let index;
const ctx = suite({
  setup(ctx) {
    const dir = writeEpisode(ctx, 'folding', { 'episode.toml': "title = 'Folding'\n", 'transcript.vtt': VTT });
    index = ctx.buildIndex(dir, 'folding/folding.idx');
  },
});

test('queries fold in the widget as the CLI folds them, accented or not, in any script', async () => {
  const page = await ctx.newPage();
  await openWidget(page, ctx.widgetUrl(index.url));
  await page.click(SEARCH);
  let found = 0;
  for (const [query, what] of QUERIES) {
    const cli = cliSearch(index.path, query);
    if (cli.total > 0) found++;
    await setQuery(page, query);
    await waitForCount(page, cli.total).catch((e) => {
      throw new Error(`${JSON.stringify(query)} (${what}): ${e.message}`);
    });
    const marked = (await segments(page)).filter((s) => s.marks.length > 0).map((s) => s.id);
    assert.deepEqual(marked, cli.hits.map((h) => h.segment).sort((a, b) => a - b), `${JSON.stringify(query)}: marked segments`);
  }
  // Every query finds something: the check above is not a comparison of
  // empty results.
  assert.equal(found, QUERIES.length, 'queries with matches');
  assertNoErrors(page);
});

test('an index without folds (format version 1) is still read, and folds as the browser does', async () => {
  // Version 1 is version 2 without its last section, `folds`.
  const bytes = readFileSync(index.path);
  const payload = bytes.subarray(20);
  // Walk the sections (tag, LEB128 length, body) to the last one.
  let at = 0;
  let last = 0;
  while (at < payload.length) {
    last = at;
    let len = 0;
    let shift = 0;
    let p = at + 1;
    for (;;) {
      const b = payload[p++];
      len += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) break;
    }
    at = p + len;
  }
  assert.equal(payload[last], 8, 'the last section is folds');
  const v1 = Buffer.from(payload.subarray(0, last));
  const header = Buffer.alloc(20);
  bytes.copy(header, 0, 0, 8);
  header.writeUInt16LE(1, 8);
  header.writeUInt32LE(v1.length, 12);
  header.writeUInt32LE(crc32(v1), 16);
  const url = ctx.writeFixture('folding/v1.idx', Buffer.concat([header, v1]));
  const page = await ctx.newPage();
  await openWidget(page, ctx.widgetUrl(url));
  await page.click(SEARCH);
  for (const query of ['zurich', 'CAFÉ', 'fine', '人工']) {
    await setQuery(page, query);
    await waitForCount(page, cliSearch(index.path, query).total);
  }
  assertNoErrors(page);
});
