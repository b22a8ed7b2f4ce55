import type {NodeState} from './node-state.js';

/** What routing knows about a node. */
export type Candidate = {
	name: string;
	tags: readonly string[];
	state: NodeState;
	activeRuns: number;
	/** 1-minute load average per CPU. */
	load?: number;
	rttMs?: number;
	local?: boolean;
};

export type TaskHints = {required: string[]; preferred: {tag: string; why: string; weight: number}[]; long: boolean};

/** Words that suggest a tag, with a weight: platform-bound work (gpu, mac, windows) counts more than a preference. */
const WORD_TAGS: [RegExp, string, number][] = [
	[/\b(gpu|cuda|train(ing)?|fine-?tun\w*|stable diffusion|render(ing)?|inference|llm|comfyui|whisper|vram)\b|显卡|训练|渲染/i, 'gpu', 40],
	[/\b(mac|macos|xcode|swift|ios|ipad|iphone|apple|safari|homebrew|brew)\b|苹果/i, 'mac', 40],
	[/\b(build|compile|cargo|make|gradle|webpack|docker build|ci)\b|编译|构建/i, 'build', 20],
	[/\b(linux|apt|systemd|bash)\b/i, 'linux', 20],
	[/\b(windows|powershell|\.exe|win32)\b/i, 'windows', 40],
];
const LONG = /\b(long[- ]running|overnight|hours?|batch|crawl|scrape|all files|entire|whole repo|benchmark)\b|长时间|批量|整个/i;

/** Read hints from the task text: explicit `@tag`s are required, words suggest tags, some words mean "long". */
export function taskHints(text: string): TaskHints {
	const required = [...new Set([...text.matchAll(/(?:^|\s)@([\p{L}\p{N}_.-]{1,32})/gu)].map(m => m[1]!.toLowerCase()))];
	const preferred: TaskHints['preferred'] = [];
	for (const [re, tag, weight] of WORD_TAGS) {
		const m = re.exec(text);
		if (m && !required.includes(tag)) preferred.push({tag, why: m[0].toLowerCase(), weight});
	}
	return {required, preferred, long: text.length > 600 || LONG.test(text)};
}

export type RouteResult =
	| {ok: true; node: string; reason: string; ranked: {name: string; score: number}[]}
	| {ok: false; reason: string};

const ELIGIBLE: readonly NodeState[] = ['online', 'degraded'];

/**
 * Pick a node for a task. Nodes that are not online (or degraded) are never picked — in
 * particular not scope-limited or pairing ones. Explicit @tags must all be on the node.
 * Score: preferred tags +40 (gpu, mac, windows) or +20 (build, linux); −15 per running task; −20 × load per CPU (×2 for long
 * tasks); −RTT/50 (at most −20); −30 when degraded. Ties go to the earlier node.
 */
export function route(text: string, candidates: readonly Candidate[]): RouteResult {
	const hints = taskHints(text);
	const eligible = candidates.filter(c => ELIGIBLE.includes(c.state));
	if (eligible.length === 0) {
		const why = candidates.length === 0 ? 'no nodes configured' : `no node is online (${candidates.map(c => `${c.name}: ${c.state}`).join(', ')})`;
		return {ok: false, reason: why};
	}
	const tagged = eligible.filter(c => hints.required.every(t => c.tags.map(x => x.toLowerCase()).includes(t)));
	if (tagged.length === 0) return {ok: false, reason: `no online node has tag${hints.required.length > 1 ? 's' : ''} ${hints.required.map(t => '@' + t).join(' ')}`};
	const scored = tagged.map(c => {
		const tags = c.tags.map(t => t.toLowerCase());
		const matched = hints.preferred.filter(p => tags.includes(p.tag));
		const load = c.load ?? 0;
		const score =
			matched.reduce((a, m) => a + m.weight, 0) - c.activeRuns * 15 - load * 20 * (hints.long ? 2 : 1) - Math.min(20, (c.rttMs ?? 0) / 50) - (c.state === 'degraded' ? 30 : 0);
		return {c, score, matched};
	});
	scored.sort((a, b) => b.score - a.score);
	const best = scored[0]!;
	const parts: string[] = [];
	for (const t of hints.required) parts.push(`@${t}`);
	for (const m of best.matched) parts.push(`tag ${m.tag}`);
	parts.push(`${best.c.activeRuns} running`);
	if (best.c.load !== undefined) parts.push(`load ${best.c.load.toFixed(1)}`);
	if (best.c.rttMs !== undefined) parts.push(`${Math.round(best.c.rttMs)} ms`);
	if (best.c.state === 'degraded') parts.push('degraded');
	if (scored.length > 1) parts.push(`${scored.length - 1} other${scored.length > 2 ? 's' : ''} eligible`);
	return {ok: true, node: best.c.name, reason: `→ ${best.c.name}: ${parts.join(', ')}`, ranked: scored.map(s => ({name: s.c.name, score: Math.round(s.score * 10) / 10}))};
}
