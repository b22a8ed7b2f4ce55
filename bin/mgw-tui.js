#!/usr/bin/env node
'use strict';
// CommonJS on purpose: `--version` answers without starting the ES module loader (≈ node's
// own start-up); everything else loads the bundle, split per command (dist/mgw-tui.js).
const first = process.argv[2];
if (first === '--version' || first === '-v') process.stdout.write(`${require('../package.json').version}\n`);
else
	import('../dist/mgw-tui.js').then(async ({main}) => {
		process.exitCode = await main(process.argv.slice(2));
	});
