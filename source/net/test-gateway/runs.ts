/** Scripted agent runs for the test gateway: the same event shapes the real gateway streams. */
export type Run = {
	runId: string;
	sessionKey: string;
	agentId: string;
	message: string;
	status: 'running' | 'ok' | 'error' | 'aborted';
	text: string;
	seq: number;
	aborted: boolean;
	endedAt?: number;
	done: Promise<void>;
	finish?: () => void;
};

export type Emit = (payload: Record<string, unknown>) => void;

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export type PlayOptions = {
	deltaDelayMs?: number;
	startDelayMs?: number;
	/** A run that takes this long (ms) from start to end, its reply in one piece (speed simulation). */
	runMs?: number;
	/** The reply instead of "done: <prompt>". */
	reply?: (message: string) => string | undefined;
};

/** Reply like the fake model: "done: <prompt>", or a tool call for "tool:<name> <json>". */
export async function playRun(run: Run, emit: Emit, {deltaDelayMs = 20, startDelayMs = 10, runMs, reply: replyFn}: PlayOptions = {}): Promise<void> {
	const ev = (stream: string, data: Record<string, unknown>) => emit({runId: run.runId, sessionKey: run.sessionKey, agentId: run.agentId, stream, data, seq: ++run.seq, ts: Date.now()});
	await sleep(startDelayMs);
	ev('lifecycle', {phase: 'start', startedAt: Date.now()});
	ev('lifecycle', {phase: 'model', provider: 'fakellm', model: 'fake-echo'});
	const tool = /^tool:([A-Za-z0-9_.-]+)\s*([\s\S]*)$/.exec(run.message);
	let reply = replyFn?.(run.message) ?? `done: ${run.message}`;
	if (runMs !== undefined) {
		await sleep(runMs);
		run.text = reply;
		if (!run.aborted) ev('assistant', {text: run.text, delta: reply, itemId: `${run.runId}:1`});
	} else if (tool) {
		const id = `call_${run.runId.slice(0, 6)}`;
		ev('item', {kind: 'tool', phase: 'start', name: tool[1], toolCallId: id});
		ev('tool', {phase: 'start', name: tool[1], toolCallId: id, args: tool[2] || '{}'});
		await sleep(deltaDelayMs);
		ev('tool', {phase: 'result', name: tool[1], toolCallId: id, isError: false, result: 'file-a file-b'});
		reply = `done: tool ${tool[1]} returned file-a file-b`;
	}
	const pieces = runMs !== undefined ? [] : (reply.match(/\S+\s*|\s+/g) ?? [reply]);
	for (const p of pieces) {
		if (run.aborted) break;
		run.text += p;
		ev('assistant', {text: run.text, delta: p, itemId: `${run.runId}:1`});
		await sleep(deltaDelayMs);
	}
	run.status = run.aborted ? 'aborted' : 'ok';
	run.endedAt = Date.now();
	ev('lifecycle', {phase: 'end', aborted: run.aborted, stopReason: run.aborted ? 'aborted' : 'stop', endedAt: run.endedAt});
	run.finish?.();
}

export function finalPayload(run: Run): Record<string, unknown> {
	return {
		runId: run.runId,
		status: 'ok',
		summary: run.aborted ? 'aborted' : 'completed',
		result: {payloads: run.text ? [{text: run.text, mediaUrl: null}] : [], meta: {stopReason: run.aborted ? 'aborted' : 'stop'}},
	};
}

export function waitPayload(run: Run): Record<string, unknown> {
	if (run.status === 'running') return {runId: run.runId, status: 'timeout'};
	return {
		runId: run.runId,
		status: 'ok',
		endedAt: run.endedAt,
		stopReason: run.aborted ? 'aborted' : 'stop',
		terminalReply: run.text ? {disposition: 'visible', text: run.text} : {disposition: 'empty'},
	};
}
