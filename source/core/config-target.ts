import type {Op} from './gateway-check.js';

/** A config as the editor sees it, local file or a node's config over RPC. */
export type ConfigView = {
	/** Where it comes from: a path, or "node NAME". */
	where: string;
	/** How the path was found (OPENCLAW_CONFIG_PATH, profile …), for the header. */
	source?: string;
	exists: boolean;
	text: string;
	hash: string;
	parsed?: unknown;
	error?: {message: string; line?: number; column?: number};
	/** Remote: secrets arrive redacted and are never written back. */
	remote: boolean;
	/** The findings on the config as OpenClaw reads it ($include and ${VAR} resolved), when the loader knows more than the text. */
	findings?: import('./gateway-check.js').Finding[];
	/** The config with `$include`s resolved, when it differs from `parsed`. */
	effective?: unknown;
	/** Why gateway edits cannot be written (e.g. a $include that mixes files). */
	refuse?: string;
};

/** What a preview shows before the confirm: the diff of the file that changes, and the start-up verdict of the result. */
export type PreviewPlan = {file: string; before: string; next: string; verdict: string; starts: boolean; note?: string; handle?: unknown};

export type WriteOutcome = {backup?: string; restartNeeded: boolean; note?: string};

/** Turn edit ops into a JSON merge patch (objects merge, null deletes) — what config.patch takes. */
export function mergePatch(ops: readonly Op[], secrets: {token?: string; password?: string} = {}): Record<string, unknown> {
	const root: Record<string, unknown> = {};
	for (const op of ops) {
		let node = root;
		for (const k of op.path.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
		node[op.path.at(-1)!] = op.remove ? null : op.secret ? secrets[op.secret] : op.value;
	}
	return root;
}

export function getPath(obj: unknown, path: readonly string[]): unknown {
	let cur = obj;
	for (const k of path) {
		if (!cur || typeof cur !== 'object') return undefined;
		cur = (cur as Record<string, unknown>)[k];
	}
	return cur;
}

