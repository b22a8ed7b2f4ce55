/**
 * The 40-file corpus through `config check` and `config fix`: each file's exit codes, what the fix
 * changes (and that --dry-run exits as --yes does), the layout kept (CRLF, BOM), includes edited
 * where the value lives, ${VAR} references never replaced, and no secret printed in clear.
 * The real gateway judges the fixed files in test/real/config-corpus.test.ts.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import JSON5 from 'json5';
import {runCli} from './helpers/cli.js';
import {contains, copyCase, corpusCases} from './helpers/corpus.js';

test('corpus: 40 realistic openclaw.json files — check and fix exit codes, --dry-run agrees with --yes, the fix does what it says', async () => {
	const cases = corpusCases();
	assert.equal(cases.length, 40);
	for (const [name, exp] of cases) {
		const {dir, file} = copyCase(name);
		const env = {...(exp.env ?? {})};
		const original = fs.readFileSync(file, 'utf8');
		const check = await runCli(['config', 'check', '--config', file], {env});
		assert.equal(check.code, exp.check, `${name}: check\n${check.stdout}${check.stderr}`);
		assert.match(check.stdout, /only the gateway section is checked/, name);
		if (exp.message) assert.match(check.stdout, new RegExp(exp.message), name);
		const dry = await runCli(['config', 'fix', '--dry-run', '--config', file], {env});
		assert.equal(fs.readFileSync(file, 'utf8'), original, `${name}: dry run wrote nothing`);
		const yes = await runCli(['config', 'fix', '--yes', '--config', file], {env});
		assert.equal(yes.code, exp.fix, `${name}: fix --yes\n${yes.stdout}${yes.stderr}`);
		assert.equal(dry.code, yes.code, `${name}: --dry-run exits ${dry.code} but --yes exits ${yes.code}\n${dry.stdout}`);
		if (exp.refuse) assert.match(yes.stderr, new RegExp(exp.refuse), name);
		const after = fs.readFileSync(file, 'utf8');
		if (exp.unchanged) assert.equal(after, original, `${name}: openclaw.json itself is unchanged`);
		const parsed = JSON5.parse(after) as {gateway?: Record<string, unknown>};
		if (exp.gateway) assert.ok(contains(parsed.gateway, exp.gateway), `${name}: ${JSON.stringify(parsed.gateway)} lacks ${JSON.stringify(exp.gateway)}`);
		for (const k of exp.absent ?? []) assert.ok(!(k in (parsed.gateway ?? {})), `${name}: ${k} still there`);
		if (exp.absentControlUi) assert.ok(!('dangerouslyDisableDeviceAuth' in ((parsed.gateway?.controlUi as object) ?? {})), name);
		const auth = (parsed.gateway?.auth ?? {}) as Record<string, string>;
		if (exp.newToken) assert.match(auth.token ?? '', /^[A-Za-z0-9_-]{32}$/, `${name}: a generated token`);
		if (exp.newPassword) assert.match(auth.password ?? '', /^[A-Za-z0-9_-]{32}$/, `${name}: a generated password`);
		for (const s of [auth.token, auth.password]) if (s && s.length >= 8) assert.ok(!(dry.stdout + yes.stdout + yes.stderr).includes(s), `${name}: a secret printed in clear`);
		if (exp.crlf) assert.ok(!/[^\r]\n/.test(after), `${name}: CRLF kept`);
		if (exp.bom) assert.equal(after.charCodeAt(0), 0xfeff, `${name}: BOM kept`);
		if (exp.includeEdited) {
			const inc = JSON5.parse(fs.readFileSync(path.join(dir, exp.includeEdited), 'utf8'));
			assert.ok(contains(inc, exp.includeGateway), `${name}: ${exp.includeEdited} = ${JSON.stringify(inc)}`);
			assert.match(fs.readFileSync(path.join(dir, exp.includeEdited), 'utf8'), /\/\//, `${name}: the included file keeps its comments`);
		}
		if (exp.fix === 0 && !exp.unchanged) {
			const again = await runCli(['config', 'check', '--config', file], {env});
			assert.equal(again.code, exp.nostart === 'client only' ? again.code : 0, `${name}: clean after the fix\n${again.stdout}`);
		}
	}
});
