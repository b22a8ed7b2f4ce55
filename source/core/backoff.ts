/** Jittered exponential backoff: base·2^attempt capped at max, then scaled by a random 50–100 %. */
export function backoffDelay(attempt: number, {baseMs = 500, maxMs = 30_000} = {}, random: () => number = Math.random): number {
	const exp = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
	return Math.round(exp * (0.5 + random() * 0.5));
}
