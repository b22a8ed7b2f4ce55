/**
 * How complex a task is — the guide's "评估任务复杂度" — as a transparent heuristic: every
 * term that added points is listed, so the user sees why a task counts as light, medium
 * or heavy. A node's agent can be asked too (judgePrompt / parseJudgeAnswer); its answer
 * is accepted only when it is exactly one of the three words, otherwise the heuristic stands.
 */
export type Level = 'light' | 'medium' | 'heavy';
export const LEVELS: readonly Level[] = ['light', 'medium', 'heavy'];

export type Judgement = {
	level: Level;
	points: number;
	/** What made the points, e.g. "train +3", "length 812 chars +2". */
	terms: string[];
	/** "heuristic", or "agent on NODE" when a node's agent classified it. */
	by: string;
	/** Why the agent's answer was not used (timeout, not one of the words …). */
	note?: string;
};

/** Words that mean heavy work (+3) or some work (+2). English words whole, Chinese as written. */
const HEAVY = /\b(train(?:ing)?|fine-?tun\w*|render(?:ing)?|compil(?:e|ing|ation)|transcod\w*|benchmark\w*|overnight|long[- ]running|crawl\w*|scrap(?:e|ing)|dataset|inference)\b|训练|渲染|编译|微调|转码|长时间/giu;
const MEDIUM = /\b(analy[sz](?:e|is|ing)|refactor\w*|debug\w*|build|research|migrat\w*|batch|entire|whole|all files|test suite|summari[sz]e|translat\w*)\b|分析|调试|重构|批量|整个|总结|翻译|构建/giu;
const ATTACHMENT = /(?:https?:\/\/\S+|(?:^|[\s(])[\w./~-]+\.(?:py|ts|js|tsx|rs|go|c|cpp|java|csv|json|jsonl|xml|zip|tar|gz|tgz|mp4|mov|wav|mp3|png|jpe?g|pdf|docx?|xlsx?|ipynb|parquet)\b)/giu;

const HEAVY_AT = 3;
const MEDIUM_AT = 2;

/** Points → level: ≥ 3 heavy, ≥ 2 medium, else light. */
export const levelOf = (points: number): Level => (points >= HEAVY_AT ? 'heavy' : points >= MEDIUM_AT ? 'medium' : 'light');

/**
 * The local heuristic: keywords (heavy +3 each, others +2 each, each word counted once),
 * length (> 200 chars +1, > 600 +2, > 2000 +3), fenced code blocks (+1 each, at most +2),
 * attachments — file names and URLs — (+1 each, at most +2).
 */
export function judgeTask(text: string): Judgement {
	const terms: string[] = [];
	let points = 0;
	const words = (re: RegExp, pts: number) => {
		const seen = new Set<string>();
		for (const m of text.matchAll(re)) {
			const w = m[0].toLowerCase();
			if (seen.has(w)) continue;
			seen.add(w);
			points += pts;
			terms.push(`${w} +${pts}`);
		}
	};
	words(HEAVY, 3);
	words(MEDIUM, 2);
	const len = [...text].length;
	const lp = len > 2000 ? 3 : len > 600 ? 2 : len > 200 ? 1 : 0;
	if (lp) {
		points += lp;
		terms.push(`length ${len} chars +${lp}`);
	}
	const fences = Math.floor((text.match(/^\s*```/gmu)?.length ?? 0) / 2);
	if (fences) {
		const p = Math.min(2, fences);
		points += p;
		terms.push(`${fences} code block${fences > 1 ? 's' : ''} +${p}`);
	}
	const files = [...new Set([...text.matchAll(ATTACHMENT)].map(m => m[0].trim().replace(/^\(/, '')))];
	if (files.length) {
		const p = Math.min(2, files.length);
		points += p;
		const shown = files.slice(0, 2).map(f => (f.length > 24 ? f.slice(0, 23) + '…' : f));
		terms.push(`attachment${files.length > 1 ? 's' : ''} ${shown.join(', ')}${files.length > 2 ? ` +${files.length - 2} more` : ''} +${p}`);
	}
	return {level: levelOf(points), points, terms, by: 'heuristic'};
}

/** One line: "heavy (train +3, length 812 chars +2)". */
export function describeJudgement(j: Judgement): string {
	const why = j.terms.length ? j.terms.join(', ') : 'short, no heavy words';
	const by = j.by === 'heuristic' ? '' : ` — ${j.by}`;
	return `${j.level} (${why})${by}${j.note ? ` — ${j.note}` : ''}`;
}

/** The short, strict prompt for a judge node's agent. */
export function judgePrompt(task: string): string {
	const body = task.length > 2000 ? task.slice(0, 2000) + ' …' : task;
	return `Classify how much compute the task below needs. Reply with exactly one word: light, medium or heavy. No other text.\n\nTask:\n<<<\n${body}\n>>>`;
}

/**
 * The agent's answer, read defensively: exactly one of the three words (quotes, backticks,
 * asterisks and a final period allowed), or JSON {"level": "<word>"}. Anything else —
 * an echo of the prompt, a sentence, several words — is undefined.
 */
export function parseJudgeAnswer(answer: unknown): Level | undefined {
	if (typeof answer !== 'string') return undefined;
	let s = answer.trim();
	if (s.length === 0 || s.length > 200) return undefined;
	if (s.startsWith('{')) {
		try {
			const o = JSON.parse(s) as unknown;
			const l = o && typeof o === 'object' ? (o as {level?: unknown}).level : undefined;
			if (typeof l !== 'string') return undefined;
			s = l;
		} catch {
			return undefined;
		}
	}
	const w = s.toLowerCase().replace(/^[\s"'`*]+|[\s"'`*.!]+$/g, '');
	return (LEVELS as readonly string[]).includes(w) ? (w as Level) : undefined;
}
