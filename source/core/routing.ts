import type {NodeState} from './node-state.js';
import {judgeTask, type Judgement, type Level} from './judge.js';

/** What routing knows about a node. */
export type Candidate = {
	name: string;
	tags: readonly string[];
	state: NodeState;
	/** Runs going on the node (the gateway's count, or ours in flight when that is higher). */
	activeRuns: number;
	/** 1-minute load average per CPU. */
	load?: number;
	rttMs?: number;
	/** This computer's own gateway (127.0.0.1 / localhost): the "local" of the rules. */
	local?: boolean;
	/** Runs the node takes at once; a node at its limit is "full" (the task waits). Undefined = no limit. */
	limit?: number;
};

export type TaskHints = {required: string[]; preferred: {tag: string; why: string; weight: number}[]};

/** Words that suggest a tag, with a weight: platform-bound work (gpu, mac, windows) counts more than a preference. */
const WORD_TAGS: [RegExp, string, number][] = [
	[/\b(gpu|cuda|train(ing)?|fine-?tun\w*|stable diffusion|render(ing)?|inference|llm|comfyui|whisper|vram)\b|显卡|训练|渲染/i, 'gpu', 40],
	[/\b(mac|macos|xcode|swift|ios|ipad|iphone|apple|safari|homebrew|brew)\b|苹果/i, 'mac', 40],
	[/\b(build|compile|cargo|make|gradle|webpack|docker build|ci)\b|编译|构建/i, 'build', 20],
	[/\b(linux|apt|systemd|bash)\b/i, 'linux', 20],
	[/\b(windows|powershell|\.exe|win32)\b/i, 'windows', 40],
];

/** Read hints from the task text: explicit `@tag`s are required, words suggest tags. */
export function taskHints(text: string): TaskHints {
	const required = [...new Set([...text.matchAll(/(?:^|\s)@([\p{L}\p{N}_.-]{1,32})/gu)].map(m => m[1]!.toLowerCase()))];
	const preferred: TaskHints['preferred'] = [];
	for (const [re, tag, weight] of WORD_TAGS) {
		const m = re.exec(text);
		if (m && !required.includes(tag)) preferred.push({tag, why: m[0].toLowerCase(), weight});
	}
	return {required, preferred};
}

/** Where a complexity level should run: this computer, any other, nodes with a tag, or anywhere. */
export type RuleTarget = 'local' | 'remote' | 'any' | `tag:${string}`;
export type RoutingRules = Record<Level, RuleTarget>;
/** The guide's split: light tasks stay on this computer, heavy ones go to the GPU computer. */
export const DEFAULT_RULES: RoutingRules = {light: 'local', medium: 'any', heavy: 'tag:gpu'};
export const RULE_WEIGHT = 50;

export function parseRuleTarget(s: string): RuleTarget | undefined {
	const v = s.trim().toLowerCase();
	if (v === 'local' || v === 'remote' || v === 'any') return v;
	const m = /^(?:tag:)?([\p{L}\p{N}_.-]{1,32})$/u.exec(v);
	return m ? `tag:${m[1]}` : undefined;
}
const ruleWord = (t: RuleTarget) => (t.startsWith('tag:') ? t.slice(4) : t);

function ruleMatches(t: RuleTarget, c: Candidate): boolean {
	if (t === 'any') return false;
	if (t === 'local') return Boolean(c.local);
	if (t === 'remote') return !c.local;
	return c.tags.some(x => x.toLowerCase() === t.slice(4));
}

/** One candidate as routing saw it: its score and the terms that made it, or why it was left out. */
export type Ranked = {name: string; score?: number; eligible: boolean; full?: boolean; terms: string[]};

export type RouteResult =
	| {ok: true; node: string; reason: string; judgement: Judgement; ranked: Ranked[]}
	/** wait: busy = eligible nodes are all at their limit; offline = a node could take it once online; never = none can. */
	| {ok: false; reason: string; judgement: Judgement; ranked: Ranked[]; wait: 'busy' | 'offline' | 'never'};

export type RouteOptions = {
	judgement?: Judgement;
	rules?: RoutingRules;
	/** Only this node (a task sent to a named node). */
	only?: string;
	/** Tags required besides the @tags in the text (batch lines). */
	tags?: readonly string[];
};

const ELIGIBLE: readonly NodeState[] = ['online', 'degraded'];
const r1 = (x: number) => Math.round(x * 10) / 10;
const num = (x: number) => (x < 0 ? `−${r1(-x)}` : `+${r1(x)}`);

/**
 * Pick a node for a task and say why. Nodes that are not online (or degraded) are never
 * picked — in particular not scope-limited or pairing ones; explicit @tags must all be on
 * the node; a node at its limit is full. Score: the rule for the task's level +50 (e.g.
 * heavy → gpu); preferred tags +40 (gpu, mac, windows) or +20 (build, linux); −15 per
 * running task; −20 × load per CPU (×2 for heavy tasks); −RTT/50 (at most −20); −30 when
 * degraded. Ties go to the earlier node. Every candidate is returned with its terms.
 */
export function route(text: string, candidates: readonly Candidate[], opts: RouteOptions = {}): RouteResult {
	const judgement = opts.judgement ?? judgeTask(text);
	const rule = (opts.rules ?? DEFAULT_RULES)[judgement.level];
	const hints = taskHints(text);
	const required = [...new Set([...hints.required, ...(opts.tags ?? []).map(t => t.toLowerCase())])];
	const pool = opts.only === undefined ? candidates : candidates.filter(c => c.name === opts.only);
	const heavy = judgement.level === 'heavy';
	const out: (Ranked & {i: number})[] = pool.map((c, i) => {
		const tags = c.tags.map(x => x.toLowerCase());
		const missing = required.filter(t => !tags.includes(t));
		if (missing.length) return {i, name: c.name, eligible: false, terms: [`missing ${missing.map(t => '@' + t).join(' ')}`]};
		if (!ELIGIBLE.includes(c.state)) return {i, name: c.name, eligible: false, terms: [c.state]};
		const terms: string[] = [];
		let score = 0;
		const add = (label: string, pts: number) => {
			score += pts;
			terms.push(pts === 0 ? label : `${label} ${num(pts)}`);
		};
		for (const t of required) terms.push(`@${t}`);
		if (ruleMatches(rule, c)) add(`${judgement.level} → ${ruleWord(rule)}`, RULE_WEIGHT);
		for (const p of hints.preferred) if (tags.includes(p.tag)) add(`tag ${p.tag}`, p.weight);
		add(`${c.activeRuns}${c.limit !== undefined ? `/${c.limit}` : ''} running`, -c.activeRuns * 15);
		if (c.load !== undefined) add(`load ${c.load.toFixed(1)}`, -c.load * 20 * (heavy ? 2 : 1));
		if (c.rttMs !== undefined) add(`${Math.round(c.rttMs)} ms`, -Math.min(20, c.rttMs / 50));
		if (c.state === 'degraded') add('degraded', -30);
		const full = c.limit !== undefined && c.activeRuns >= c.limit;
		return {i, name: c.name, score: r1(score), eligible: !full, full, terms};
	});
	const rank = (r: Ranked) => (r.eligible ? 0 : r.full ? 1 : 2);
	out.sort((a, b) => rank(a) - rank(b) || (b.score ?? 0) - (a.score ?? 0) || a.i - b.i);
	const ranked: Ranked[] = out.map(({i: _i, ...r}) => r);
	const best = ranked[0];
	if (!best?.eligible) {
		const fail = (reason: string, wait: 'busy' | 'offline' | 'never') => ({ok: false as const, reason, judgement, ranked, wait});
		if (pool.length === 0) return fail(opts.only !== undefined ? `no node named "${opts.only}"` : 'no nodes configured', 'never');
		const full = ranked.filter(r => r.full);
		if (full.length) return fail(`${full.length === 1 ? full[0]!.name + ' is' : `all ${full.length} eligible nodes are`} at the limit (${full.map(r => `${r.name} ${r.terms.find(t => t.includes('running'))!.replace(/ [−+].*$/, '')}`).join(', ')}); waiting for a free slot`, 'busy');
		const tagOk = pool.filter(c => required.every(t => c.tags.map(x => x.toLowerCase()).includes(t)));
		if (tagOk.length === 0) return fail(opts.only !== undefined ? `${opts.only} lacks ${ranked[0]!.terms[0]!.replace('missing ', '')}` : `no node has tag${required.length > 1 ? 's' : ''} ${required.map(t => '@' + t).join(' ')}`, 'never');
		const states = tagOk.map(c => `${c.name}: ${c.state}`).join(', ');
		return fail(opts.only !== undefined ? `${opts.only} is ${tagOk[0]!.state}, not online` : required.length ? `no online node has tag${required.length > 1 ? 's' : ''} ${required.map(t => '@' + t).join(' ')} (${states})` : `no node is online (${states})`, 'offline');
	}
	const others = ranked.filter(r => r.eligible).length - 1;
	const parts = best.terms.map(t => t.replace(/ [−+][\d.]+$/, '').replace(/^(\d+)\/\d+ running$/, '$1 running'));
	if (others > 0) parts.push(`${others} other${others > 1 ? 's' : ''} eligible`);
	return {ok: true, node: best.name, reason: `→ ${best.name}: ${parts.join(', ')}`, judgement, ranked};
}

/** One candidate for the preview / task view: "› AI电脑 62: heavy → gpu +50, tag gpu +40, 0 running, …". */
export function candidateLine(r: Ranked, winner: boolean): string {
	const score = r.score === undefined ? '—' : r.score < 0 ? `−${-r.score}` : String(r.score);
	return `${winner ? '›' : ' '} ${r.name} ${score}${r.full ? ' (full)' : ''}: ${r.terms.join(', ')}`;
}

/** A change to the routing settings: a level's rule, the judge node, or a node's concurrency limit (undefined = the gateway's). */
export type RoutingChange = {rule: {level: Level; target: RuleTarget}} | {judge: string | null} | {limit: {node: string; max?: number}};

/** `LEVEL TARGET` | `judge NODE|off` | `limit NODE N|auto` (the `:route` line and `mgw-tui routing set`). */
export function parseRoutingChange(words: readonly string[]): RoutingChange | {error: string} {
	const [w0, w1, w2, ...rest] = words;
	const level = w0?.toLowerCase();
	if (level === 'light' || level === 'medium' || level === 'heavy') {
		const target = w1 === undefined ? undefined : parseRuleTarget(w1);
		if (!target || w2 !== undefined) return {error: `${level} needs one target: local, remote, any or a tag (e.g. gpu)`};
		return {rule: {level, target}};
	}
	if (level === 'judge') {
		if (!w1 || w2 !== undefined) return {error: 'judge needs a node name, or off (heuristic only)'};
		return {judge: w1 === 'off' || w1 === 'none' ? null : w1};
	}
	if (level === 'limit') {
		if (!w1 || !w2 || rest.length) return {error: 'limit needs NODE and a number, or auto (what the gateway says)'};
		if (w2 === 'auto') return {limit: {node: w1}};
		const n = Number(w2);
		if (!Number.isInteger(n) || n < 1 || n > 1000) return {error: `limit: "${w2}" is not a whole number from 1 to 1000 (or auto)`};
		return {limit: {node: w1, max: n}};
	}
	return {error: `"${w0 ?? ''}": say light|medium|heavy TARGET, judge NODE|off, or limit NODE N|auto`};
}

/** One line: "light → local · medium → any · heavy → gpu · judge local". */
export function describeRouting(rules: RoutingRules, judge: string | null | undefined): string {
	return `${(['light', 'medium', 'heavy'] as const).map(l => `${l} → ${ruleWord(rules[l])}`).join(' · ')} · judge ${judge ?? 'off (heuristic only)'}`;
}
