import os from 'node:os';
import path from 'node:path';

/** The store directory: $MGW_TUI_HOME, else $XDG_CONFIG_HOME/mgw-tui, else ~/.config/mgw-tui. */
export function storeDir(env: NodeJS.ProcessEnv = process.env): string {
	if (env.MGW_TUI_HOME) return path.resolve(env.MGW_TUI_HOME);
	const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
	return path.join(base, 'mgw-tui');
}

/** `~/x` → `$HOME/x` (what a person types at the `:import` prompt). */
export function expandHome(file: string, env: NodeJS.ProcessEnv = process.env): string {
	return file === '~' || file.startsWith('~/') ? path.join(env.HOME || os.homedir(), file.slice(1)) : file;
}
