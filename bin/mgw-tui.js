#!/usr/bin/env node
'use strict';
// CommonJS on purpose: `--version` answers without loading anything else (≈ node's own
// start-up); everything else loads dist/mgw-tui.cjs (and, for the console, dist/tui.cjs)
// through V8's code cache (code-cache.js).
const first = process.argv[2];
if (first === '--version' || first === '-v') {
	// written to fd 1 directly: making process.stdout (a stream over the pipe or tty) costs ≈ 4 ms,
	// a sixth of node's own start-up. A closed pipe (`mgw-tui --version | true`) is a quiet exit.
	try {
		require('node:fs').writeSync(1, `${require('../package.json').version}\n`);
	} catch (error) {
		if (error.code !== 'EPIPE') throw error;
	}
} else {
	require('./code-cache.js').install();
	require('../dist/mgw-tui.cjs')
		.main(process.argv.slice(2))
		.then(code => (process.exitCode = code));
}
