import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import JSON5 from 'json5';
import {checkGateway, type Finding} from '../core/gateway-check.js';
import {diffLines, formatDiff} from '../core/diff.js';

export type ParseError = {message: string; line?: number; column?: number};
export type LoadedConfig = {path: string; exists: boolean; text: string; hash: string; mode: number; parsed?: unknown; error?: ParseError};

export const hashText = (t: string) => crypto.createHash('sha256').update(t).digest('hex');

/** A strong secret for auth.token / auth.password (192 bits, URL-safe). */
export const generateSecret = () => crypto.randomBytes(24).toString('base64url');

export function parseJson5(text: string): {value?: unknown; error?: ParseError} {
	try {
		return {value: JSON5.parse(text)};
	} catch (e) {
		const err = e as SyntaxError & {lineNumber?: number; columnNumber?: number};
		return {error: {message: err.message.replace(/^JSON5: /, ''), line: err.lineNumber, column: err.columnNumber}};
	}
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
	const p = parseJson5(text);
	return {path: file, exists: true, text, hash: hashText(text), mode, parsed: p.value, error: p.error};
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
		super(`${file}: refused to write a config the gateway would not start with: ${findings.map(f => f.message).join('; ')}`);
	}
}

export type WriteResult = {backup?: string};

/**
 * Write `next` over the file `loaded` came from, losing nothing: refused when the file
 * changed on disk since it was read, or when `next` would not pass the checks (errors);
 * a timestamped backup is kept beside the file; the write is atomic (temp file in the same
 * directory, fsync, rename) with the file's own permissions.
 */
export function writeConfig(loaded: LoadedConfig, next: string, {local = true, beforeRename}: {local?: boolean; beforeRename?: () => void} = {}): WriteResult {
	// Problems the file already had and no fix could solve (e.g. a customBindHost only the
	// person knows) do not block other fixes; a write that adds a new problem is refused.
	const before = loaded.parsed === undefined ? [] : checkGateway(loaded.parsed, {local}).filter(f => f.severity === 'error');
	const known = new Set(before.map(f => `${f.code}:${f.path.join('.')}`));
	const now = loadConfig(loaded.path);
	if (now.hash !== loaded.hash) throw new ConfigChangedError(loaded.path, formatDiff(diffLines(loaded.text, now.text)));
	const parsed = parseJson5(next);
	if (parsed.error) throw new ConfigRejectedError(loaded.path, [{code: 'PARSE', severity: 'error', path: [], message: `result does not parse: ${parsed.error.message}`}]);
	const errors = checkGateway(parsed.value, {local}).filter(f => f.severity === 'error' && (f.fix || !known.has(`${f.code}:${f.path.join('.')}`)));
	if (errors.length) throw new ConfigRejectedError(loaded.path, errors);
	const dir = path.dirname(loaded.path);
	let backup: string | undefined;
	if (now.exists) {
		const stamp = new Date().toISOString().replace(/[:.]/g, '-');
		backup = `${loaded.path}.${stamp}.bak`;
		fs.copyFileSync(loaded.path, backup, fs.constants.COPYFILE_EXCL);
		fs.chmodSync(backup, now.mode);
	}
	writeAtomic(loaded.path, next, now.exists ? now.mode : 0o600, dir, beforeRename);
	return {backup};
}

export function writeAtomic(file: string, text: string, mode: number, dir = path.dirname(file), beforeRename?: () => void): void {
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
		beforeRename?.();
		fs.renameSync(tmp, file);
	} catch (e) {
		fs.rmSync(tmp, {force: true});
		throw e;
	}
}
