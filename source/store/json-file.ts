import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import * as z from 'zod/mini';
import '../core/zod-locale.js';
import {StoreError, describeIssues} from './errors.js';

/**
 * A conf-backed JSON file validated with zod. A file that is not JSON or does not match the
 * schema raises StoreError (naming the file and the problem) and is never rewritten: writes
 * always start from a successful load. The parsed value is cached per process and re-read
 * only when the file changed on disk (inode, size or mtime — another process wrote it); our
 * own writes refresh the cache, so 1 000 nodes asking for their token cost one parse, not 1 000.
 *
 * Reading is JSON.parse of the file; conf (atomic writes with the file's mode) is made on the
 * first save. Made up front, it read and compared the file once more per store, and loading it
 * (with node:crypto and node:assert, which it imports) was ≈ 5 ms of every console start; the
 * build loads conf only when it is first made (scripts/build.mjs, lazyConf).
 */
export class JsonFile<S extends z.core.$ZodType<object>> {
	readonly path: string;
	readonly #dir: string;
	readonly #name: string;
	#conf?: Conf<Record<string, unknown>>;
	#cached?: {stamp: string; value: z.infer<S>};

	constructor(
		dir: string,
		name: string,
		private readonly schema: S,
		private readonly mode: number,
	) {
		tightenStore(dir);
		this.#dir = dir;
		this.#name = name;
		// where conf puts it (cwd + configName + '.json')
		this.path = path.resolve(dir, `${name}.json`);
	}

	/** conf, made on the first save (it reads the file once more: the save follows a successful load). */
	#writer(): Conf<Record<string, unknown>> {
		if (!this.#conf) {
			try {
				this.#conf = new Conf({cwd: this.#dir, configName: this.#name, configFileMode: this.mode, clearInvalidConfig: false});
			} catch (error) {
				throw this.#wrap(this.path, error);
			}
		}
		return this.#conf;
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
			let text: string | undefined;
			try {
				text = fs.readFileSync(this.path, 'utf8');
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
			}
			// no file yet: empty, as conf has it
			const top: unknown = text === undefined ? {} : JSON.parse(text);
			// conf turned a file holding null, [], a string or a number into {} (and the next save
			// would overwrite it): such a file is reported instead
			if (top === null || typeof top !== 'object' || Array.isArray(top)) {
				throw new StoreError(this.path, `holds ${top === null ? 'null' : Array.isArray(top) ? 'an array' : `a ${typeof top}`}, not an object; fix or move the file — it is left untouched`);
			}
			raw = top;
		} catch (error) {
			if (error instanceof StoreError) throw error;
			throw this.#wrap(this.path, error);
		}
		// jitless: a file is parsed once per change, so zod's compiled fast path (new Function on
		// the first parse of each object schema) costs more than it saves — ≈ 8 ms of the console's start
		const parsed = z.safeParse(this.schema, raw, {jitless: true});
		if (!parsed.success) {
			throw new StoreError(this.path, `does not match the expected shape: ${describeIssues(parsed.error.issues)}; fix the file — it is left untouched`);
		}
		this.#tightenMode();
		return parsed.data;
	}

	save(value: z.infer<S>): void {
		this.#writer().store = value as Record<string, unknown>;
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
