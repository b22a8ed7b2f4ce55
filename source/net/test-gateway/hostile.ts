import fc from 'fast-check';
import {startTestGateway, type TestGateway} from './server.js';

/**
 * A hostile gateway for the fuzz run: it completes the real handshake (the test gateway's),
 * then misbehaves — random, malformed, oversized, out-of-order and escape-laden frames from a
 * seeded generator (fast-check), and hostile answers to every method the console calls.
 * Deterministic for a given seed.
 */

// The pieces hostile strings are made of: every way to reach a terminal's control functions.
const EVIL = [
	'\u001b]52;c;ZXZpbA==\u0007', // OSC 52: write the clipboard
	'\u001b]8;;https://evil.example/\u001b\\', // OSC 8: plant a link
	'\u001b]0;title\u0007',
	'\u001b[2J',
	'\u001b[H',
	'\u001b[?1049h',
	'\u001bP1$r\u001b\\', // DCS
	'\u001b_apc\u001b\\',
	'\u001b',
	'\u009b31m', // 8-bit CSI
	'\u009d0;t\u009c', // 8-bit OSC … ST
	'\u0090', '\u0085', '\u0007', '\u0008', '\r', '\u007f', '\u0000',
	'\u202e', '\u2066', '\u200f', '\u200b', '\ufeff', '\u00ad', // bidi and invisible
	'\ud800', '\udc00', // lone surrogates
	'a', 'hello ', '训练', '😀', '\n', '|', '"', '\\',
];
export const evilString = (maxParts = 12) => fc.array(fc.constantFrom(...EVIL), {maxLength: maxParts}).map(a => a.join(''));
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
	{depthSize: 'small'},
	evilString(),
	fc.integer(),
	fc.double(),
	fc.boolean(),
	fc.constant(null),
	fc.array(evilString(4), {maxLength: 3}),
	fc.dictionary(evilString(2), evilString(3), {maxKeys: 3}),
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, anyValue);

const runIds = ['run-a', 'run-b', 'run-c'];
const agentPayload = fc.record(
	{
		runId: maybe(fc.oneof(fc.constantFrom(...runIds), fc.uuid(), evilString(3))),
		seq: maybe(fc.nat({max: 50})),
		stream: maybe(fc.constantFrom('assistant', 'tool', 'lifecycle', 'item', 'error')),
		sessionKey: maybe(evilString()),
		agentId: maybe(evilString(3)),
		data: maybe(
			fc.record(
				{
					itemId: maybe(fc.constantFrom('i1', 'i2', 'i3')),
					text: maybe(evilString(20)),
					delta: maybe(evilString(6)),
					name: maybe(evilString(3)),
					toolCallId: maybe(evilString(2)),
					phase: maybe(fc.constantFrom('start', 'end', 'error', 'result', 'update')),
					args: anyValue,
					error: anyValue,
					aborted: maybe(fc.boolean()),
				},
				{requiredKeys: []},
			),
		),
	},
	{requiredKeys: []},
);

/** One hostile frame, as the text (or bytes) put on the wire. */
export const hostileFrame: fc.Arbitrary<string | Buffer> = fc.oneof(
	{weight: 6, arbitrary: agentPayload.map(p => JSON.stringify({type: 'event', event: 'agent', payload: p, seq: 1}))},
	{weight: 1, arbitrary: fc.record({event: evilString(3), payload: anyValue}).map(e => JSON.stringify({type: 'event', ...e}))},
	{weight: 1, arbitrary: fc.record({id: maybe(fc.constantFrom('1:abc', '2:def')), ok: maybe(fc.boolean()), payload: anyValue, error: anyValue}).map(r => JSON.stringify({type: 'res', ...r}))},
	{weight: 1, arbitrary: evilString(8)}, // not JSON
	{weight: 1, arbitrary: fc.uint8Array({maxLength: 64}).map(a => Buffer.from(a))}, // binary
	{weight: 1, arbitrary: fc.constantFrom('{"type":"event"', '[]', 'null', '{"type":"res","id":5}', '{"type":"event","event":"agent","payload":{"runId":"run-a","seq":1e309}}')},
	{weight: 1, arbitrary: fc.nat({max: 3}).map(k => JSON.stringify({type: 'event', event: 'agent', payload: {runId: 'run-a', seq: 1000 + k, stream: 'assistant', data: {itemId: `big${k}`, text: 'x'.repeat(300_000) + '\u001b]52;c;eA==\u0007'}}}))}, // oversized text
	{weight: 1, arbitrary: fc.record({restartExpectedMs: maybe(fc.nat({max: 200}))}).map(p => JSON.stringify({type: 'event', event: 'shutdown', payload: p}))},
);

/** Hostile answers to every method the console calls. */
export const hostileAnswer = anyValue.chain(v =>
	fc.oneof(
		fc.constant(v),
		fc.record({hostname: evilString(), platform: evilString(), cpuCount: maybe(fc.nat(64)), loadAverage: maybe(fc.array(fc.double(), {maxLength: 3}))}, {requiredKeys: []}),
		fc.record({ok: anyValue, defaultAgentId: anyValue, sessions: fc.record({count: anyValue})}, {requiredKeys: []}),
		fc.record({sessions: fc.array(fc.record({activeRunIds: fc.array(maybe(fc.constantFrom(...runIds)), {maxLength: 3})}), {maxLength: 3})}),
		fc.record({status: maybe(fc.constantFrom('ok', 'error', 'timeout', 'pending')), error: anyValue, terminalReply: fc.record({text: evilString(10)})}, {requiredKeys: []}),
	),
);

export type Hostile = {gw: TestGateway; stop(): Promise<void>; sent: number};

/** Start a hostile gateway that, once a client is authenticated, sends `ratePerSec` hostile frames a second. */
export async function startHostileGateway({seed, ratePerSec = 200}: {seed: number; ratePerSec?: number}): Promise<Hostile> {
	const frames = fc.sample(hostileFrame, {seed, numRuns: 2000});
	const answers = fc.sample(hostileAnswer, {seed: seed + 1, numRuns: 500});
	const hellos = fc.sample(fc.record({version: evilString(), mainSessionKey: evilString(), defaultAgentId: evilString(3)}), {seed: seed + 2, numRuns: 1});
	let a = 0;
	const answer = () => answers[a++ % answers.length];
	const methods: Record<string, (p: Record<string, unknown>) => unknown> = {};
	for (const m of ['system.info', 'health', 'agents.list', 'device.pair.list', 'sessions.list', 'agent.wait', 'chat.abort', 'config.get']) methods[m] = () => answer();
	const h = hellos[0]!;
	const gw = await startTestGateway({
		tickIntervalMs: 500,
		deltaDelayMs: 5,
		hello: x => ({...x, server: {version: h.version}, snapshot: {sessionDefaults: {mainSessionKey: h.mainSessionKey, defaultAgentId: h.defaultAgentId}}}),
		accepted: p => (a % 3 === 0 ? undefined : {...p, sessionKey: answer(), runId: answer()}),
		methods,
	});
	const state: Hostile = {gw, sent: 0, stop: async () => {}};
	let i = 0;
	const timer = setInterval(() => {
		for (let k = 0; k < Math.max(1, ratePerSec / 50); k++) {
			gw.sendRaw(frames[i++ % frames.length]!);
			state.sent++;
		}
	}, 20);
	let stopped: Promise<void> | undefined;
	state.stop = () => {
		clearInterval(timer);
		return (stopped ??= gw.stop());
	};
	return state;
}
