/** The corpus of realistic openclaw.json files (test/data/config-corpus) with their expected outcomes. */
import fs from 'node:fs';
import path from 'node:path';
import {ROOT} from './cli.js';
import {tempDir} from './store.js';

export const CORPUS = path.join(ROOT, 'test', 'data', 'config-corpus');

export type Expected = {
	check: number;
	fix: number;
	gateway?: Record<string, unknown>;
	absent?: string[];
	newToken?: boolean;
	newPassword?: boolean;
	unchanged?: boolean;
	refuse?: string;
	message?: string;
	env?: Record<string, string>;
	includeEdited?: string;
	includeGateway?: Record<string, unknown>;
	crlf?: boolean;
	bom?: boolean;
	absentControlUi?: boolean;
	/** Why the real gateway is not started on the fixed file in this sandbox (it needs Tailscale, an address, or it is a client). */
	nostart?: string;
};

export const corpusCases = (): [string, Expected][] => Object.entries(JSON.parse(fs.readFileSync(path.join(CORPUS, 'expected.json'), 'utf8')) as Record<string, Expected>);

/** A fresh copy of one case: the config file path (and its directory, with any included files). */
export function copyCase(name: string): {dir: string; file: string} {
	const dir = tempDir('mgw-corpus-');
	const src = path.join(CORPUS, name);
	if (fs.existsSync(src) && fs.statSync(src).isDirectory()) {
		for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(dir, f));
	} else fs.copyFileSync(`${src}.json5`, path.join(dir, 'openclaw.json'));
	return {dir, file: path.join(dir, 'openclaw.json')};
}

/** Does `actual` contain every value of `want` (deep, objects partially)? */
export function contains(actual: unknown, want: unknown): boolean {
	if (typeof want !== 'object' || want === null) return actual === want;
	if (typeof actual !== 'object' || actual === null) return false;
	return Object.entries(want).every(([k, v]) => contains((actual as Record<string, unknown>)[k], v));
}
