// The browser client's structure, as docs/games.md states it: the SDK (js/engine) imports nothing of a game or of the
// page; a game's modules (js/games/NAME) import only the SDK and their own game's modules.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, dirname, relative, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'js');

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : (p.endsWith('.js') ? [p] : []);
  });
}

/** Every module a file imports, as paths relative to js/ (type-only JSDoc imports included). */
function importsOf(file) {
  const code = readFileSync(file, 'utf8');
  const specs = [...code.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)].map((m) => m[1]);
  return specs.map((s) => relative(root, normalize(join(dirname(file), s))));
}

const all = files(root).map((f) => ({ file: relative(root, f), imports: importsOf(f) }));

test('the SDK imports only the SDK', () => {
  const sdk = all.filter((f) => f.file.startsWith('engine/'));
  assert.ok(sdk.length >= 10, `found the SDK's modules: ${sdk.length}`);
  for (const { file, imports } of sdk) {
    for (const i of imports) assert.ok(i.startsWith('engine/'), `${file} imports ${i}`);
  }
});

test('a game imports only the SDK and itself', () => {
  const games = all.filter((f) => f.file.startsWith('games/') && f.file.split('/').length > 2);
  const names = new Set(games.map((f) => f.file.split('/')[1]));
  assert.ok(names.has('arena') && names.has('cycles'), `both games: ${[...names]}`);
  for (const { file, imports } of games) {
    const own = `games/${file.split('/')[1]}/`;
    for (const i of imports) assert.ok(i.startsWith('engine/') || i.startsWith(own), `${file} imports ${i}`);
  }
});

test('only the page and the game registry reach into the games', () => {
  for (const { file, imports } of all) {
    if (file.startsWith('games/')) continue;
    for (const i of imports) {
      if (i.startsWith('games/')) assert.ok(i.startsWith('games/index.js') || file === 'gameflow.js' || file === 'main.js',
        `${file} imports ${i}`);
    }
  }
});
