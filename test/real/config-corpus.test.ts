/**
 * The oracle for `mgw-tui config fix`: the REAL OpenClaw 2026.9.6 gateway starting on every fixed
 * corpus file. Files collapse to a few distinct gateway sections (secrets and port aside), so the
 * gateway is started once per distinct section, a few at a time. Sections that need Tailscale or a
 * specific address are judged by the real `openclaw config validate` instead. Never skipped.
 */
import {test, after} from 'node:test';
import assert from 'node:assert/strict';
import {runCli} from '../helpers/cli.js';
import {copyCase, corpusCases} from '../helpers/corpus.js';
import {loadConfig} from '../../source/store/config-file.js';
import {substituteEnv} from '../../source/core/gateway-check.js';
import {runOpenclaw, startRealGateway, type RealGateway} from './gateway.js';

const started: RealGateway[] = [];
after(async () => {
	for (const g of started) await g.stop();
});

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The section as a dedupe key: port and secret values aside, keys sorted. */
function key(section: Record<string, unknown>): string {
	const norm = (v: unknown, k = ''): unknown => (isObj(v) ? Object.fromEntries(Object.keys(v).sort().filter(x => x !== 'port').map(x => [x, norm(v[x], x)])) : /token|password/.test(k) && typeof v === 'string' ? '<secret>' : v);
	return JSON.stringify(norm(section));
}

async function limit<T>(n: number, jobs: (() => Promise<T>)[]): Promise<T[]> {
	const out: T[] = [];
	let next = 0;
	await Promise.all(Array.from({length: n}, async () => {
		while (next < jobs.length) {
			const k = next++;
			out[k] = await jobs[k]!();
		}
	}));
	return out;
}

test('the real gateway starts on every fixed corpus file (once per distinct gateway section), and refuses a broken one', async () => {
	const groups = new Map<string, {names: string[]; section: Record<string, unknown>; file: string; validateOnly?: string}>();
	for (const [name, exp] of corpusCases()) {
		if (exp.fix !== 0 || exp.nostart === 'client only') continue;
		const {file} = copyCase(name);
		const fix = await runCli(['config', 'fix', '--yes', '--config', file], {env: exp.env ?? {}});
		assert.equal(fix.code, 0, `${name}: ${fix.stdout}${fix.stderr}`);
		const eff = loadConfig(file).effective as {gateway: Record<string, unknown>};
		const section = substituteEnv(eff.gateway, exp.env ?? {}, ['gateway']).value as Record<string, unknown>;
		const k = key(section);
		const g = groups.get(k);
		if (g) g.names.push(name);
		else groups.set(k, {names: [name], section, file, validateOnly: exp.nostart});
	}
	const list = [...groups.values()];
	assert.ok(list.length >= 5 && list.length <= 30, `${list.length} distinct sections`);
	const results = await limit(4, [
		...list.map(g => async () => {
			if (g.validateOnly) {
				const v = await runOpenclaw(['config', 'validate', '--json'], g.file);
				return v.code === 0 ? '' : `${g.names.join(', ')} (${g.validateOnly}): openclaw config validate refused:\n${v.stdout}${v.stderr}`;
			}
			const auth = isObj(g.section.auth) ? g.section.auth : {};
			const token = typeof auth.token === 'string' && auth.mode !== 'password' ? auth.token : undefined;
			try {
				const gw = await startRealGateway({bindFlag: false, gatewaySection: g.section, token, readyOnly: !token});
				started.push(gw);
				await gw.stopGateway();
				return '';
			} catch (e) {
				return `${g.names.join(', ')}: the real gateway did not start on ${JSON.stringify(g.section)}\n${(e as Error).message.slice(-1500)}`;
			}
		}),
		// the oracle can fail: the unfixed password-mode file is refused at start-up (exit 78)
		async () => {
			try {
				const gw = await startRealGateway({bindFlag: false, gatewaySection: {mode: 'local', auth: {mode: 'password'}}, readyOnly: true});
				started.push(gw);
				return 'the real gateway started with password mode and no password';
			} catch (e) {
				return /no password is configured/.test((e as Error).message) ? '' : `unexpected failure: ${(e as Error).message.slice(-800)}`;
			}
		},
	]);
	assert.deepEqual(results.filter(Boolean), [], results.filter(Boolean).join('\n\n'));
	console.log(`# ${corpusCases().length} corpus files → ${list.length} distinct fixed gateway sections started or validated`);
});
