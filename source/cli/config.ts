import readline from 'node:readline/promises';
import {parseArgs} from 'node:util';
import {allFixes, checkGateway, needsRestart, type Finding, type Op} from '../core/gateway-check.js';
import {applyOps} from '../core/json5-edit.js';
import {diffLines, formatDiff} from '../core/diff.js';
import {locateOpenclawConfig} from '../store/openclaw-paths.js';
import {generateSecret, loadConfig, writeConfig, ConfigChangedError, ConfigRejectedError} from '../store/config-file.js';
import {EXIT, UsageError, println, type Io} from './io.js';

export const CONFIG_USAGE = `usage:
  mgw-tui config check [--config PATH | --profile NAME] [--json]   exit 0 clean, 1 findings, 2 cannot read/parse
  mgw-tui config fix [--config PATH | --profile NAME] [--dry-run] [--yes]
      applies every deterministic fix (shown as a diff); asks before generating a token or
      password, or generates it with --yes. Writes atomically with a timestamped backup.`;

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
		options: {config: {type: 'string'}, profile: {type: 'string'}, json: {type: 'boolean'}, 'dry-run': {type: 'boolean'}, yes: {type: 'boolean'}},
		strict: true,
	});
	if (sub !== 'check' && sub !== 'fix') throw new UsageError(sub ? `unknown config subcommand "${sub}"` : 'config needs check or fix');
	if (sub === 'check' && (values['dry-run'] || values.yes)) throw new UsageError('--dry-run and --yes go with config fix');
	const loaded = load(values, io);
	if (!loaded) return EXIT.usage;
	const findings = checkGateway(loaded.parsed);
	const errors = findings.filter(f => f.severity === 'error');
	if (sub === 'check') {
		if (values.json) {
			println(io.stdout, JSON.stringify({file: loaded.path, ok: errors.length === 0, findings: findings.map(f => ({code: f.code, severity: f.severity, path: f.path.join('.'), message: f.message, fix: f.fix?.explain ?? null}))}, null, 2));
		} else {
			if (findings.length === 0) println(io.stdout, `${loaded.path}: gateway section OK`);
			for (const f of findings) println(io.stdout, `${loaded.path}: ${glyph(f)} ${f.path.join('.')}: ${f.message}${f.fix ? `\n    fix: ${f.fix.explain} (mgw-tui config fix)` : ''}`);
		}
		return errors.length ? EXIT.failure : EXIT.ok;
	}
	// fix
	let ops: Op[] = allFixes(findings);
	const needs = [...new Set(ops.filter(o => o.secret).map(o => o.secret!))];
	const secrets: {token?: string; password?: string} = {};
	for (const kind of needs) {
		let yes = Boolean(values.yes);
		if (!yes && io.stdin.isTTY && !values['dry-run']) {
			const rl = readline.createInterface({input: io.stdin, output: io.stderr});
			yes = /^y/i.test(await rl.question(`Generate a new gateway ${kind} (clients will need it)? [y/N] `));
			rl.close();
		}
		if (yes) secrets[kind] = generateSecret();
		else if (values['dry-run']) secrets[kind] = `<generated ${kind}>`;
		else {
			ops = ops.filter(o => o.secret !== kind);
			println(io.stderr, `mgw-tui: a ${kind} is needed; rerun with --yes to generate one (skipped that fix)`);
		}
	}
	if (ops.length === 0) {
		println(io.stdout, errors.length ? `${loaded.path}: nothing can be fixed automatically; ${errors.length} problem(s) need a person (mgw-tui config check)` : `${loaded.path}: nothing to fix`);
		return errors.length ? EXIT.failure : EXIT.ok;
	}
	const next = applyOps(loaded.text, ops, secrets);
	const diff = formatDiff(diffLines(loaded.text, next)).split('\n').map(l => (secrets.token || secrets.password ? l.split(secrets.token ?? '\0').join('<new token>').split(secrets.password ?? '\0').join('<new password>') : l));
	println(io.stdout, `--- ${loaded.path}\n+++ ${loaded.path} (fixed)\n${diff.join('\n')}`);
	if (values['dry-run']) {
		println(io.stdout, '(dry run: nothing written)');
		return EXIT.ok;
	}
	try {
		const r = writeConfig(loaded, next);
		println(io.stdout, `written ${loaded.path}${r.backup ? `; backup ${r.backup}` : ''}`);
		if (secrets.token) println(io.stdout, 'a new token is in gateway.auth.token; give it to the main computer (mgw-tui nodes add/import)');
		if (needsRestart(ops.map(o => o.path))) println(io.stdout, 'port/bind/auth mode/tailscale changed: a running gateway restarts by itself; or run: openclaw gateway restart');
		const left = checkGateway(loadConfig(loaded.path).parsed).filter(f => f.severity === 'error');
		for (const f of left) println(io.stderr, `still to do by hand: ${f.path.join('.')}: ${f.message}`);
		return left.length ? EXIT.failure : EXIT.ok;
	} catch (e) {
		if (e instanceof ConfigChangedError) println(io.stderr, `mgw-tui: ${e.message}\n${e.diff}`);
		else if (e instanceof ConfigRejectedError) println(io.stderr, `mgw-tui: ${e.message}`);
		else throw e;
		return EXIT.failure;
	}
}
