import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import type {z} from 'zod';
import {StoreError, describeIssues} from './errors.js';

/**
 * A conf-backed JSON file validated with zod. A file that is not JSON or does not match the
 * schema raises StoreError (naming the file and the problem) and is never rewritten: writes
 * always start from a successful load. The parsed value is cached per process and re-read
 * only when the file changed on disk (inode, size or mtime — another process wrote it); our
 * own writes refresh the cache, so 1 000 nodes asking for their token cost one parse, not 1 000.
 */
export class JsonFile<S extends z.ZodType<object>> {
	readonly path: string;
	#conf: Conf<Record<string, unknown>>;
	#cached?: {stamp: string; value: z.infer<S>};

	constructor(
		dir: string,
		name: string,
		private readonly schema: S,
		private readonly mode: number,
	) {
		tightenStore(dir);
		try {
			this.#conf = new Conf({cwd: dir, configName: name, configFileMode: mode, clearInvalidConfig: false});
		} catch (error) {
			throw this.#wrap(`${dir}/${name}.json`, error);
		}
		this.path = this.#conf.path;
	}

	#wrap(file: string, error: unknown): StoreError {
		const e = error as NodeJS.ErrnoException;
		if (e instanceof SyntaxError) return new StoreError(file, `not valid JSON (${e.message}); fix or move the file — it is left untouched`);
		return new StoreError(file, e.code ? `${e.code}: ${e.message}` : String(e.message ?? e));
	}

	/** The file's stamp: changes whenever anyone rewrites it (conf writes atomically: a new inode). */
	#stamp(): string {
		try {
			const st = fs.statSync(this.path);
			return `${st.ino}:${st.size}:${st.mtimeMs}:${st.mode & 0o777}`;
		} catch {
			return 'absent';
		}
	}

	/** The validated content, shared and read-only (cached until the file changes); `edit()` for a copy to change. */
	load(): Readonly<z.infer<S>> {
		const stamp = this.#stamp();
		if (this.#cached?.stamp === stamp) return this.#cached.value;
		const value = this.#read();
		this.#cached = {stamp: this.#stamp(), value};
		return value;
	}

	/** A private copy of the current content, to change and `save()`. */
	edit(): z.infer<S> {
		return structuredClone(this.load()) as z.infer<S>;
	}

	#read(): z.infer<S> {
		let raw: unknown;
		try {
			// conf turns a file holding null, [], a string or a number into {} (and the next save
			// would overwrite it): such a file is reported instead
			const text = fs.existsSync(this.path) ? fs.readFileSync(this.path, 'utf8') : undefined;
			if (text !== undefined && text.trim()) {
				const top: unknown = JSON.parse(text);
				if (top === null || typeof top !== 'object' || Array.isArray(top)) {
					throw new StoreError(this.path, `holds ${top === null ? 'null' : Array.isArray(top) ? 'an array' : `a ${typeof top}`}, not an object; fix or move the file — it is left untouched`);
				}
			}
			raw = this.#conf.store;
		} catch (error) {
			if (error instanceof StoreError) throw error;
			throw this.#wrap(this.path, error);
		}
		// jitless: a file is parsed once per change, so zod's compiled fast path (new Function on
		// the first parse of each object schema) costs more than it saves — ≈ 8 ms of the console's start
		const parsed = this.schema.safeParse(raw, {jitless: true});
		if (!parsed.success) {
			throw new StoreError(this.path, `does not match the expected shape: ${describeIssues(parsed.error.issues)}; fix the file — it is left untouched`);
		}
		this.#tightenMode();
		return parsed.data;
	}

	save(value: z.infer<S>): void {
		this.#conf.store = value as Record<string, unknown>;
		this.#tightenMode();
		this.#cached = {stamp: this.#stamp(), value: structuredClone(value)};
	}

	#tightenMode(): void {
		tightenStore(path.dirname(this.path));
		try {
			const st = fs.statSync(this.path);
			if ((st.mode & 0o777 & ~this.mode) !== 0) fs.chmodSync(this.path, this.mode);
		} catch {
			// not written yet
		}
	}
}

/**
 * The store directory is 0700 and every file in it 0600 — also when they already existed with
 * wider modes (created by hand, by an older version, or by a umask of 022).
 */
export function tightenStore(dir: string): void {
	fs.mkdirSync(dir, {recursive: true, mode: 0o700});
	try {
		if ((fs.statSync(dir).mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
		for (const e of fs.readdirSync(dir, {withFileTypes: true})) {
			if (!e.isFile()) continue;
			const f = path.join(dir, e.name);
			if ((fs.statSync(f).mode & 0o077) !== 0) fs.chmodSync(f, 0o600);
		}
	} catch {
		// not ours to change (another user's directory): reading still works, writes will say why
	}
}
