export async function waitFor<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, {timeoutMs = 20_000, stepMs = 20, what = 'condition'} = {}): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise(r => setTimeout(r, stepMs));
	}
}
