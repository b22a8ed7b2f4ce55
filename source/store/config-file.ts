import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {checkGateway, type Finding, type Op} from '../core/gateway-check.js';
import {addedProblems} from '../core/config-plan.js';
import {applyOpsAt} from '../core/json5-edit.js';
import {Json5Error, parseJson5Cst, type Node} from '../core/json5-cst.js';
import {getPath} from '../core/config-target.js';
import {diffLines, formatDiff} from '../core/diff.js';

export type ParseError = {message: string; line?: number; column?: number};
/** Where the gateway section's edits go: this file, or the file a `$include` names (paths there lose the `gateway` prefix when the include is the section itself). */
export type EditTarget = {file: string; strip: boolean; text: string; hash: string; parsed: unknown; root?: Node};
export type LoadedConfig = {
	path: string;
	exists: boolean;
	text: string;
	hash: string;
	mode: number;
	parsed?: unknown;
	/** The config as OpenClaw reads it: `$include`s resolved (what the checks look at). */
	effective?: unknown;
	error?: ParseError;
	/** Where gateway edits are written; undefined with `refuse` when they cannot be written safely. */
	target?: EditTarget;
	refuse?: string;
};

export const hashText = (t: string) => crypto.createHash('sha256').update(t).digest('hex');

/** A strong secret for auth.token / auth.password (192 bits, URL-safe). */
export const generateSecret = () => crypto.randomBytes(24).toString('base64url');

/** Past this size only the sections the checks read are built as values (the rest is validated). */
const PARTIAL_BYTES = 8 * 1024 * 1024;
const CHECKED_KEYS: ReadonlySet<string> = new Set(['gateway', '$include']);

/** Parse JSON5 in one linear pass (small strict JSON takes the built-in fast path). */
export function parseJson5(text: string, withRoot = false): {value?: unknown; error?: ParseError; root?: Node} {
	const partial = text.length > PARTIAL_BYTES;
	if (!partial && !withRoot) {
		try {
			return {value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)};
		} catch {
			// not strict JSON: comments, unquoted keys …
		}
	}
	try {
		const r = parseJson5Cst(text, {record: p => withRoot && p.length === 0, rootKeys: partial ? CHECKED_KEYS : undefined});
		return {value: r.value, root: withRoot ? r.root : undefined};
	} catch (e) {
		if (e instanceof Json5Error) return {error: {message: e.message.replace(/ at \d+:\d+$/, ''), line: e.line, column: e.column}};
		return {error: {message: (e as Error).message}};
	}
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function deepMerge(a: unknown, b: unknown): unknown {
	if (!isObj(a) || !isObj(b)) return b;
	const o: Record<string, unknown> = {...a};
	for (const [k, v] of Object.entries(b)) o[k] = k in o ? deepMerge(o[k], v) : v;
	return o;
}

/** OpenClaw's `$include`: one file replaces the object, an array deep-merges in order, sibling keys override; ≤ 10 levels. */
function resolveIncludes(v: unknown, dir: string, depth: number, seen: Set<string>): unknown {
	if (Array.isArray(v)) return v.map(x => resolveIncludes(x, dir, depth, seen));
	if (!isObj(v)) return v;
	let base: unknown;
	if ('$include' in v) {
		if (depth >= 10) throw new Error('$include nested more than 10 levels');
		const list = Array.isArray(v.$include) ? v.$include : [v.$include];
		for (const inc of list) {
			if (typeof inc !== 'string') throw new Error('$include takes a path or a list of paths');
			const file = path.resolve(dir, inc);
			if (seen.has(file)) throw new Error(`circular $include of ${file}`);
			const text = fs.readFileSync(file, 'utf8');
			const p = parseJson5(text);
			if (p.error) throw new Error(`${file}:${p.error.line ?? 0}:${p.error.column ?? 0}: ${p.error.message}`);
			base = deepMerge(base, resolveIncludes(p.value, path.dirname(file), depth + 1, new Set([...seen, file])));
		}
	}
	const own: Record<string, unknown> = {};
	for (const [k, x] of Object.entries(v)) if (k !== '$include') own[k] = resolveIncludes(x, dir, depth, seen);
	return base === undefined ? own : Object.keys(own).length ? deepMerge(base, own) : base;
}

function readTarget(file: string, strip: boolean): EditTarget {
	const text = fs.readFileSync(file, 'utf8');
	const p = parseJson5(text);
	if (p.error) throw new Error(`${file}:${p.error.line}:${p.error.column}: ${p.error.message}`);
	return {file, strip, text, hash: hashText(text), parsed: p.value};
}

/** Where the gateway section lives, so an edit goes where the value is (or is refused, saying why). */
function editTarget(file: string, parsed: unknown, text: string, hash: string, root?: Node): {target?: EditTarget; refuse?: string} {
	if (!isObj(parsed)) return {};
	const dir = path.dirname(file);
	const gw = parsed.gateway;
	const self = (): EditTarget => ({file, strip: false, text, hash, parsed, root});
	if (isObj(gw) && '$include' in gw) {
		if (typeof gw.$include !== 'string') return {refuse: `gateway.$include lists several files in ${file}; edit the gateway section in those files by hand`};
		if (Object.keys(gw).length > 1) return {refuse: `gateway in ${file} mixes $include "${gw.$include}" with its own keys; edit it by hand (sibling keys override the included file)`};
		const inc = path.resolve(dir, gw.$include);
		const t = readTarget(inc, true);
		if (isObj(t.parsed) && '$include' in t.parsed) return {refuse: `${inc} (gateway.$include) has its own $include; edit it by hand`};
		return {target: t};
	}
	if ('$include' in parsed && gw === undefined) {
		if (typeof parsed.$include !== 'string') return {refuse: `${file} includes several files at the root and has no gateway section of its own; edit the gateway section in the included file by hand`};
		const inc = path.resolve(dir, parsed.$include);
		const t = readTarget(inc, false);
		if (!isObj(t.parsed) || !('gateway' in t.parsed)) return {refuse: `the gateway section is not in ${file} nor in ${inc}; add it by hand`};
		if ('$include' in t.parsed) return {refuse: `${inc} has its own $include; edit it by hand`};
		return {target: t};
	}
	return {target: self()};
}

export function loadConfig(file: string): LoadedConfig {
	let text: string;
	let mode = 0o600;
	try {
		text = fs.readFileSync(file, 'utf8');
		mode = fs.statSync(file).mode & 0o777;
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {path: file, exists: false, text: '', hash: hashText(''), mode, error: {message: 'no such file'}};
		return {path: file, exists: false, text: '', hash: hashText(''), mode, error: {message: (e as Error).message}};
	}
	// big files: parsed once, with the top-level offsets kept for the edit
	const p = parseJson5(text, text.length > PARTIAL_BYTES);
	const base: LoadedConfig = {path: file, exists: true, text, hash: hashText(text), mode, parsed: p.value, error: p.error};
	if (p.error) return base;
	try {
		const effective = text.includes('$include') ? resolveIncludes(p.value, path.dirname(file), 0, new Set([path.resolve(file)])) : p.value;
		const t = editTarget(file, p.value, text, base.hash, p.root);
		return {...base, effective, target: t.target, refuse: t.refuse};
	} catch (e) {
		return {...base, error: {message: (e as Error).message}};
	}
}

/** The edit ops in the target file's own terms (a `gateway.$include` file is the section itself). */
export const targetOps = (t: EditTarget, ops: readonly Op[]): Op[] => (t.strip ? ops.map(o => ({...o, path: o.path.slice(1)})) : [...ops]);

export type PlannedWrite = {file: string; before: string; next: string; hash: string; effective: unknown};

/**
 * The text a set of ops produces, where the value lives, checked: it must parse and hold exactly
 * the intended values (a corrupt edit is never shown as a diff, nor written).
 */
export function planWrite(loaded: LoadedConfig, ops: readonly Op[], secrets: {token?: string; password?: string} = {}): PlannedWrite {
	if (loaded.refuse) throw new Error(loaded.refuse);
	const t = loaded.target;
	if (!t) throw new Error(`${loaded.path}: ${loaded.error?.message ?? 'cannot be edited'}`);
	const tops = targetOps(t, ops);
	const {text: next, section} = applyOpsAt(t.text, tops, secrets, t.root);
	// only the edited section changed: re-read just that (the bytes around it are the ones read before)
	const p = section && isObj(t.parsed) ? parseSection(next, section, t.parsed) : parseJson5(next);
	if (p.error) throw new Error(`${t.file}: the edit would not parse (${p.error.message}); nothing written`);
	for (const op of tops) {
		const got = getPath(p.value, op.path);
		const want = op.remove ? undefined : op.secret ? secrets[op.secret] : op.value;
		if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${t.file}: the edit of ${op.path.join('.')} did not take; nothing written`);
	}
	const effective = t.file === loaded.path ? resolveIncludesSafe(p.value, loaded.path) : replaceGateway(loaded, t, p.value);
	return {file: t.file, before: t.text, next, hash: t.hash, effective};
}

function parseSection(next: string, section: {key: string; start: number; end: number}, before: Record<string, unknown>): {value?: unknown; error?: ParseError} {
	const p = parseJson5(next.slice(section.start, section.end));
	if (p.error) return p;
	return {value: {...before, [section.key]: p.value}};
}

function resolveIncludesSafe(v: unknown, file: string): unknown {
	if (!JSON.stringify((v as Record<string, unknown>)?.gateway ?? null).includes('$include') && !(isObj(v) && '$include' in v)) return v;
	try {
		return resolveIncludes(v, path.dirname(file), 0, new Set([path.resolve(file)]));
	} catch {
		return v;
	}
}
function replaceGateway(loaded: LoadedConfig, t: EditTarget, value: unknown): unknown {
	const eff = isObj(loaded.effective) ? {...loaded.effective} : {};
	eff.gateway = t.strip ? value : isObj(value) ? value.gateway : undefined;
	return eff;
}

export class ConfigChangedError extends Error {
	constructor(
		readonly file: string,
		readonly diff: string,
	) {
		super(`${file} changed on disk since it was read; nothing was written (reload to see the new version)`);
	}
}

export class ConfigRejectedError extends Error {
	constructor(
		readonly file: string,
		readonly findings: Finding[],
	) {
		super(`${file}: refused to write a config that adds a problem: ${findings.map(f => f.message).join('; ')}`);
	}
}

export type WriteResult = {backup?: string; file: string};
export const KEEP_BACKUPS = 10;

/**
 * Write a planned edit, losing nothing: refused when the file changed on disk since it was read,
 * or when the result adds a problem the file did not have (a write that removes problems and adds
 * none is always allowed); a timestamped backup is kept beside the file (the newest 10); the write
 * is atomic (temp file in the same directory, fsync, rename). A symlink is kept: its target is
 * written. Owner, group and mode stay as they were.
 */
export function writeConfig(loaded: LoadedConfig, plan: PlannedWrite, {env = {}, beforeRename}: {env?: Record<string, string | undefined>; beforeRename?: () => void} = {}): WriteResult {
	const real = fs.realpathSync(plan.file);
	const now = fs.readFileSync(real, 'utf8');
	if (hashText(now) !== plan.hash) throw new ConfigChangedError(plan.file, formatDiff(diffLines(plan.before, now)));
	const added = addedProblems(checkGateway(loaded.effective ?? loaded.parsed, {env}), checkGateway(plan.effective, {env}));
	if (added.length) throw new ConfigRejectedError(plan.file, added);
	const st = fs.statSync(real);
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const backup = `${real}.${stamp}.bak`;
	fs.copyFileSync(real, backup, fs.constants.COPYFILE_EXCL);
	fs.chmodSync(backup, st.mode & 0o777);
	chownQuiet(backup, st.uid, st.gid);
	rotateBackups(real);
	writeAtomic(real, plan.next, st.mode & 0o777, path.dirname(real), beforeRename, {uid: st.uid, gid: st.gid});
	return {backup, file: real};
}

function chownQuiet(file: string, uid: number, gid: number) {
	try {
		fs.chownSync(file, uid, gid);
	} catch {
		// not root and not ours to give away: the file stays ours (same as before)
	}
}

/** Keep the newest KEEP_BACKUPS `FILE.<stamp>.bak` beside the file. */
export function rotateBackups(file: string, keep = KEEP_BACKUPS) {
	const dir = path.dirname(file);
	const base = path.basename(file);
	const re = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d{4}-\\d{2}-\\d{2}T[\\d-]+Z\\.bak$`);
	const baks = fs.readdirSync(dir).filter(n => re.test(n)).sort();
	for (const old of baks.slice(0, Math.max(0, baks.length - keep))) fs.rmSync(path.join(dir, old), {force: true});
}

export function writeAtomic(file: string, text: string, mode: number, dir = path.dirname(file), beforeRename?: () => void, owner?: {uid: number; gid: number}): void {
	const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
	const fd = fs.openSync(tmp, 'wx', mode);
	try {
		fs.writeSync(fd, text);
		fs.fsyncSync(fd);
	} finally {
		fs.closeSync(fd);
	}
	try {
		fs.chmodSync(tmp, mode);
		if (owner) chownQuiet(tmp, owner.uid, owner.gid);
		beforeRename?.();
		fs.renameSync(tmp, file);
	} catch (e) {
		fs.rmSync(tmp, {force: true});
		throw e;
	}
}
