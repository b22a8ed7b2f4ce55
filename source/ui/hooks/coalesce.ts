/**
 * Call `flush` at most once per `interval()` ms: at once when the last call is older than
 * that (leading edge), otherwise once at the end of the interval (trailing edge).
 * Returns the trigger, `now` (flush at once) and a cancel function.
 */
export function coalesce(flush: () => void, interval: () => number): {trigger: () => void; now: () => void; cancel: () => void} {
	let timer: NodeJS.Timeout | undefined;
	let last = 0;
	const run = () => {
		timer = undefined;
		last = Date.now();
		flush();
	};
	return {
		trigger() {
			if (timer) return;
			const wait = interval() - (Date.now() - last);
			if (wait <= 0) run();
			else timer = setTimeout(run, wait);
		},
		/** Flush at once (a waiting trailing edge is dropped: this is it). */
		now() {
			clearTimeout(timer);
			run();
		},
		cancel: () => clearTimeout(timer),
	};
}
