import fs from 'node:fs';
import path from 'node:path';
import {execFile} from 'node:child_process';
import {checkGateway, needsRestart, type Op} from '../core/gateway-check.js';
import type {ConfigView, PreviewPlan, WriteOutcome} from '../core/config-target.js';
import {startsWith, verdictLine} from '../core/config-plan.js';
import {applyOps} from '../core/json5-edit.js';
import {generateSecret, loadConfig, parseJson5, planWrite, writeConfig, type LoadedConfig, type PlannedWrite} from '../store/config-file.js';
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
	const penv = env as Record<string, string | undefined>;
	let loaded: LoadedConfig | undefined;
	return {
		async load(target) {
			if (target !== 'local') return remote(target).load();
			const l = (loaded = loadConfig(file.path));
			const findings = l.error ? undefined : checkGateway(l.effective ?? l.parsed, {env: penv});
			return {where: file.path, source: file.source === 'default' ? undefined : file.source, exists: l.exists, text: l.text, hash: l.hash, parsed: l.parsed, error: l.error, remote: false, findings, refuse: l.refuse, effective: l.effective};
		},
		preview(target, view: ConfigView, ops: readonly Op[], secrets): PreviewPlan {
			if (target !== 'local') {
				const next = applyOps(view.text, ops, secrets);
				const p = parseJson5(next);
				if (p.error) throw new Error(`the edit would not parse (${p.error.message})`);
				const after = checkGateway(p.value, {redacted: true});
				return {file: '', before: view.text, next, verdict: verdictLine(after), starts: startsWith(after), note: RemoteConfig.NOTE};
			}
			if (!loaded || loaded.hash !== view.hash) loaded = loadConfig(file.path);
			const plan = planWrite(loaded, ops, secrets);
			const after = checkGateway(plan.effective, {env: penv});
			return {file: plan.file, before: plan.before, next: plan.next, verdict: verdictLine(after), starts: startsWith(after), note: plan.file !== file.path ? `the gateway section lives in ${plan.file} ($include): that file is edited` : undefined, handle: plan};
		},
		async write(target, view: ConfigView, ops: readonly Op[], plan: PreviewPlan, secrets): Promise<WriteOutcome> {
			if (target !== 'local') return remote(target).write(view, ops, secrets);
			if (!loaded) throw new Error('reload first (r)');
			const r = writeConfig(loaded, plan.handle as PlannedWrite, {env: penv});
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
