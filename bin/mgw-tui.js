#!/usr/bin/env node
'use strict';
// CommonJS on purpose: `--version` answers without loading anything else (≈ node's own
// start-up); everything else loads dist/mgw-tui.cjs (and, for the console, dist/tui.cjs)
// through V8's code cache (code-cache.js).
const first = process.argv[2];
if (first === '--version' || first === '-v') process.stdout.write(`${require('../package.json').version}\n`);
else {
	require('./code-cache.js').install();
	require('../dist/mgw-tui.cjs')
		.main(process.argv.slice(2))
		.then(code => (process.exitCode = code));
}
