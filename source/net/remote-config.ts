import JSON5 from 'json5';
import {REDACTED, checkGateway, needsRestart, type Op} from '../core/gateway-check.js';
import {mergePatch, type ConfigView, type WriteOutcome} from '../core/config-target.js';
import type {NodeConnection} from './node-connection.js';

/** A node's config over RPC (admin scope): config.get (secrets redacted), config.patch with baseHash. */
export class RemoteConfig {
	/**
	 * What the gateway does with a write (read in 2026.9.6's config handlers): config.patch and
	 * config.set both parse, restore redacted secrets, validate and write the resulting object,
	 * so the remote file's comments and layout are not kept. Said plainly in every remote preview.
	 */
	static readonly NOTE = 'remote: the gateway writes its file from the merged values (config.patch with baseHash): its comments and layout are not kept; only the values below change';
	constructor(
		readonly name: string,
		readonly conn: () => NodeConnection | undefined,
	) {}

	#conn(): NodeConnection {
		const c = this.conn();
		if (!c?.client?.open) throw new Error(`${this.name} is not connected`);
		if (!c.status.scopes?.includes('operator.admin')) throw new Error(`${this.name}: editing its config needs operator.admin (granted: ${c.status.scopes?.join(', ') || 'none'})`);
		return c;
	}

	async load(): Promise<ConfigView> {
		// parsed and cleaned in frames.ts (ConfigGetShape): no escape sequence reaches a diff on screen
		const r = await this.#conn().request('config.get', {}, {timeoutMs: 15_000});
		const text = r.raw ?? '';
		let parsed: unknown;
		let error: ConfigView['error'];
		try {
			parsed = JSON5.parse(text);
		} catch (e) {
			error = {message: (e as Error).message};
		}
		return {where: `node ${this.name}${r.path ? ` (${r.path})` : ''}`, exists: r.exists !== false, text, hash: r.hash ?? '', parsed, error, remote: true, findings: error ? undefined : checkGateway(parsed, {redacted: true})};
	}

	/** Send only the changed paths as a merge patch; redacted placeholders are never sent as values. */
	async write(view: ConfigView, ops: readonly Op[], secrets: {token?: string; password?: string}): Promise<WriteOutcome> {
		const patch = mergePatch(ops, secrets);
		if (JSON.stringify(patch).includes(REDACTED)) throw new Error('refused: a redacted secret would be written back as a value');
		await this.#conn().request('config.patch', {raw: JSON.stringify(patch), baseHash: view.hash, note: 'mgw-tui config editor'}, {timeoutMs: 60_000});
		return {restartNeeded: needsRestart(ops.map(o => o.path)), note: `patched ${Object.keys((patch.gateway as object) ?? {}).join(', ')} on ${this.name}`};
	}
}
