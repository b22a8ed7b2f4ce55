import fs from 'node:fs';
import path from 'node:path';
import {execFile} from 'node:child_process';
import {needsRestart, type Op} from '../core/gateway-check.js';
import type {ConfigView, WriteOutcome} from '../core/config-target.js';
import {generateSecret, loadConfig, writeConfig} from '../store/config-file.js';
import {locateOpenclawConfig} from '../store/openclaw-paths.js';
import {RemoteConfig} from '../net/remote-config.js';
import {connectionInfo} from '../net/share.js';
import type {Fleet} from '../net/fleet.js';
import type {ConfigPort} from '../ui/services.js';

function onPath(bin: string, env: NodeJS.ProcessEnv): string | undefined {
	for (const dir of (env.PATH ?? '').split(path.delimiter)) {
		const p = path.join(dir, bin);
		try {
			fs.accessSync(p, fs.constants.X_OK);
			return p;
		} catch {
			// next
		}
	}
	return undefined;
}

/** The Config pane's access to this computer's openclaw.json and, over RPC, to nodes' configs. */
export function configService(env: NodeJS.ProcessEnv, profile: string | undefined, fleet?: Fleet): ConfigPort {
	const file = locateOpenclawConfig(env, profile);
	const remote = (name: string) => new RemoteConfig(name, () => fleet?.connection(name));
	return {
		async load(target) {
			if (target !== 'local') return remote(target).load();
			const l = loadConfig(file.path);
			return {where: file.path, source: file.source === 'default' ? undefined : file.source, exists: l.exists, text: l.text, hash: l.hash, parsed: l.parsed, error: l.error, remote: false};
		},
		async write(target, view: ConfigView, ops: readonly Op[], next: string, secrets): Promise<WriteOutcome> {
			if (target !== 'local') return remote(target).write(view, ops, secrets);
			const r = writeConfig({path: file.path, exists: view.exists, text: view.text, hash: view.hash, mode: 0o600, parsed: view.parsed}, next);
			return {backup: r.backup, restartNeeded: needsRestart(ops.map(o => o.path))};
		},
		generateSecret,
		canRestart: () => Boolean(onPath('openclaw', env)),
		restart: () =>
			new Promise(resolve => {
				execFile('openclaw', ['gateway', 'restart'], {timeout: 90_000, env}, (err, stdout, stderr) => {
					resolve(err ? `openclaw gateway restart failed: ${(stderr || err.message).trim().split('\n').at(-1)}` : (stdout.trim().split('\n').at(-1) ?? 'restarted'));
				});
			}),
		share: connectionInfo,
	};
}
