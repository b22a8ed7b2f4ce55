import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {keysMarkdown} from '../scripts/keys-md.js';

test('the readme shows the two set-up commands and the key table generated from the keymap', () => {
	const readme = fs.readFileSync('readme.md', 'utf8');
	assert.match(readme, /npm install && npx mgw-tui +# install and start the console/);
	assert.match(readme, /npm test +# every test/);
	assert.ok(readme.includes(keysMarkdown()), 'readme key table is stale: node --import tsx scripts/keys-md.ts');
	const ci = fs.readFileSync('.ci/run', 'utf8');
	assert.match(ci, /npm ci/);
	assert.match(ci, /\nnpm test\n/);
});
