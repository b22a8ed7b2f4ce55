import readline from 'node:readline/promises';
import {parseArgs} from 'node:util';
import {checkGateway, needsRestart, type Finding, type Op} from '../core/gateway-check.js';
import {planFixes, verdictLine, startsWith} from '../core/config-plan.js';
import {clipLong, diffLines} from '../core/diff.js';
import {maskLine, secretsIn} from '../core/mask.js';
import {locateOpenclawConfig} from '../store/openclaw-paths.js';
import {generateSecret, loadConfig, planWrite, writeConfig, ConfigChangedError, ConfigRejectedError, type LoadedConfig} from '../store/config-file.js';
import {EXIT, UsageError, println, type Io} from './io.js';

const glyph = (f: Finding) => (f.severity === 'error' ? '✖' : '⚠');

function load(values: {config?: string; profile?: string}, io: Io) {
	const file = values.config ?? locateOpenclawConfig(io.env, values.profile).path;
	const loaded = loadConfig(file);
	if (loaded.error) {
		const where = loaded.error.line ? `${file}:${loaded.error.line}:${loaded.error.column}` : file;
		println(io.stderr, `mgw-tui: ${where}: ${loaded.error.message}`);
		return undefined;
	}
	return loaded;
}

export async function configCommand(args: string[], io: Io): Promise<number> {
	const [sub, ...rest] = args;
	const {values} = parseArgs({
		args: rest,
		options: {config: {type: 'string'}, profile: {type: 'string'}, json: {type: 'boolean'}, 'dry-run': {type: 'boolean'}, yes: {type: 'boolean'}, 'show-secrets': {type: 'boolean'}},
		strict: true,
	});
	if (sub !== 'check' && sub !== 'fix') throw new UsageError(sub ? `unknown config subcommand "${sub}"` : 'config needs check or fix');
	if (sub === 'check' && (values['dry-run'] || values.yes)) throw new UsageError('--dry-run and --yes go with config fix');
	const loaded = load(values, io);
	if (!loaded) return EXIT.usage;
	const env = io.env as Record<string, string | undefined>;
	const config = loaded.effective ?? loaded.parsed;
	const findings = checkGateway(config, {env});
	const errors = findings.filter(f => f.severity === 'error');
	const reveal = Boolean(values['show-secrets']);
	const known = reveal ? [] : secretsIn(config);
	const mask = (t: string) => (reveal ? t : maskLine(t, known));
	const NOTE = 'only the gateway section is checked; openclaw config validate checks the rest';
	if (sub === 'check') {
		if (values.json) {
			println(io.stdout, mask(JSON.stringify({file: loaded.path, ok: errors.length === 0, starts: startsWith(findings), scope: 'gateway', note: NOTE, findings: findings.map(f => ({code: f.code, severity: f.severity, path: f.path.join('.'), message: f.message, fix: f.fix?.explain ?? null}))}, null, 2)));
		} else {
			if (findings.length === 0) println(io.stdout, `${loaded.path}: gateway section OK`);
			for (const f of findings) println(io.stdout, mask(`${loaded.path}: ${glyph(f)} ${f.path.join('.')}: ${f.message}${f.fix ? `\n    fix: ${f.fix.explain} (mgw-tui config fix)` : ''}`));
			println(io.stdout, `(${NOTE})`);
		}
		return errors.length ? EXIT.failure : EXIT.ok;
	}
	return fix(loaded, config, env, values, io, mask, known);
}

async function fix(loaded: LoadedConfig, config: unknown, env: Record<string, string | undefined>, values: {yes?: boolean; 'dry-run'?: boolean; 'show-secrets'?: boolean}, io: Io, mask: (t: string) => string, known: string[]): Promise<number> {
	const plan = planFixes(config, {env});
	let ops: Op[] = plan.ops;
	const needs = [...new Set(ops.filter(o => o.secret).map(o => o.secret!))];
	const secrets: {token?: string; password?: string} = {};
	for (const kind of needs) {
		let yes = Boolean(values.yes);
		if (!yes && io.stdin.isTTY && !values['dry-run']) {
			const rl = readline.createInterface({input: io.stdin, output: io.stderr});
			yes = /^y/i.test(await rl.question(`Generate a new gateway ${kind} (clients will need it)? [y/N] `));
			rl.close();
		}
		if (yes || values['dry-run']) secrets[kind] = generateSecret();
		else {
			ops = ops.filter(o => o.secret !== kind);
			println(io.stderr, `mgw-tui: a ${kind} is needed; rerun with --yes to generate one (skipped that fix)`);
		}
	}
	if (ops.length === 0) {
		const left = plan.left.filter(f => f.severity === 'error');
		println(io.stdout, left.length ? `${loaded.path}: nothing can be fixed automatically; ${left.length} problem(s) need a person:` : `${loaded.path}: nothing to fix`);
		for (const f of left) println(io.stdout, mask(`  ${glyph(f)} ${f.path.join('.')}: ${f.message}`));
		println(io.stdout, verdictLine(checkGateway(config, {env})));
		return left.length ? EXIT.failure : EXIT.ok;
	}
	let planned;
	try {
		planned = planWrite(loaded, ops, secrets);
	} catch (e) {
		println(io.stderr, `mgw-tui: ${mask((e as Error).message)}`);
		return EXIT.failure;
	}
	const after = checkGateway(planned.effective, {env});
	const hide = values['show-secrets'] ? [] : [...known, ...Object.values(secrets).filter((s): s is string => Boolean(s))];
	const m = (t: string) => (values['show-secrets'] ? t : maskLine(t, hide));
	const diff = clipLong(diffLines(planned.before, planned.next)).map(l => m(`${l.kind} ${l.text}`));
	println(io.stdout, `--- ${planned.file}\n+++ ${planned.file} (fixed)\n${diff.join('\n')}`);
	const left = after.filter(f => f.severity === 'error');
	for (const f of after) println(io.stdout, m(`still: ${glyph(f)} ${f.path.join('.')}: ${f.message}`));
	println(io.stdout, verdictLine(after));
	const code = left.length ? EXIT.failure : EXIT.ok;
	if (values['dry-run']) {
		println(io.stdout, `(dry run: nothing written; --yes would write this and exit ${code})`);
		return code;
	}
	try {
		const r = writeConfig(loaded, planned, {env});
		println(io.stdout, `written ${r.file}${r.file !== loaded.path ? ` (for ${loaded.path})` : ''}; backup ${r.backup}`);
		if (secrets.token) println(io.stdout, 'a new token is in gateway.auth.token; give it to the main computer (mgw-tui nodes add/import)');
		if (secrets.password) println(io.stdout, 'a new password is in gateway.auth.password');
		if (needsRestart(ops.map(o => o.path))) println(io.stdout, 'port/bind/auth mode/tailscale changed: a running gateway restarts by itself; or run: openclaw gateway restart');
		return code;
	} catch (e) {
		if (e instanceof ConfigChangedError) println(io.stderr, `mgw-tui: ${e.message}\n${m(e.diff)}`);
		else if (e instanceof ConfigRejectedError) println(io.stderr, `mgw-tui: ${m(e.message)}`);
		else throw e;
		return EXIT.failure;
	}
}
