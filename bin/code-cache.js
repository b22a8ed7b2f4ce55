'use strict';
/**
 * V8's code cache for mgw-tui's own bundles (dist/*.cjs). Compiling ~1.8 MB of JavaScript is
 * most of a start: the console's first frame and a `status` wait on it. The first run of each
 * bundle compiles it as usual; when the process exits, the bytecode of everything that ran
 * (V8's cachedData, made after execution so lazily compiled functions are in it too) is written
 * next to the store; later runs start from it. A cache that does not fit the file, Node or V8 is
 * rejected by V8 and rewritten. Only files in dist/ are affected; MGW_TUI_NO_CODE_CACHE=1 turns
 * it off. Node ≥ 22 has module.enableCompileCache for this, but caches before execution only.
 */
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const vm = require('node:vm');
const Module = require('node:module');

const DIST = path.join(__dirname, '..', 'dist') + path.sep;

/** Where the cache lives: $MGW_TUI_HOME/cache, else $XDG_CACHE_HOME/mgw-tui or ~/.cache/mgw-tui. */
function cacheDir(env) {
	if (env.MGW_TUI_HOME) return path.join(env.MGW_TUI_HOME, 'cache');
	return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'mgw-tui');
}

/**
 * The cache file of one bundle, named by what V8 does not check itself: V8 rejects data made by
 * another V8 or for a source of another length, but not a same-length source that changed — so
 * the name carries the file's size, mtime and inode.
 */
function cacheFile(dir, filename) {
	const st = fs.statSync(filename);
	const tag = `${st.size}-${Math.round(st.mtimeMs)}-${st.ino}-${process.version}-${process.arch}`;
	return {file: path.join(dir, `${path.basename(filename)}.${tag}.v8`), prefix: `${path.basename(filename)}.`};
}

function install(env = process.env) {
	if (env.MGW_TUI_NO_CODE_CACHE) return;
	const dir = cacheDir(env);
	const debug = env.MGW_TUI_DEBUG_CODE_CACHE ? msg => process.stderr.write(`mgw-tui code cache: ${msg}\n`) : () => {};
	const toWrite = [];
	const compile = Module.prototype._compile;
	Module.prototype._compile = function (content, filename) {
		if (!filename.startsWith(DIST) || !filename.endsWith('.cjs')) return compile.call(this, content, filename);
		let where;
		let cachedData;
		try {
			where = cacheFile(dir, filename);
			cachedData = fs.readFileSync(where.file);
		} catch {
			// no cache yet (or the file vanished): compiled from source
		}
		const script = new vm.Script(Module.wrap(content), {filename, cachedData, importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER});
		const used = cachedData !== undefined && !script.cachedDataRejected;
		debug(`${path.basename(filename)}: ${cachedData === undefined ? 'none' : used ? 'used' : 'rejected'}`);
		if (!used && where) toWrite.push({script, where});
		const fn = script.runInThisContext({displayErrors: true});
		const require = Module.createRequire(filename);
		return fn.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
	};
	// After everything ran: its bytecode, lazily compiled functions included.
	process.once('exit', () => {
		for (const {script, where} of toWrite) {
			try {
				const data = script.createCachedData();
				fs.mkdirSync(dir, {recursive: true, mode: 0o700});
				for (const old of fs.readdirSync(dir)) if (old.startsWith(where.prefix) && old.endsWith('.v8')) fs.rmSync(path.join(dir, old), {force: true});
				const tmp = `${where.file}.${process.pid}.tmp`;
				fs.writeFileSync(tmp, data, {mode: 0o600});
				fs.renameSync(tmp, where.file);
				debug(`${path.basename(where.file)}: written (${Math.round(data.length / 1024)} KB)`);
			} catch (e) {
				debug(`not written: ${e.message}`);
			}
		}
	});
}

module.exports = {install, cacheDir};
