/**
 * Is a stream of events a flood? More than `rate` events in one window (1 s) is: from the
 * event that passes the rate (not only from the next window, so a burst at start-up is seen
 * at once) to the end of the window after it. Counted per fixed window: O(1) per event.
 */
export class BurstMeter {
	#start = Number.NEGATIVE_INFINITY;
	#count = 0;
	#busy = false;

	constructor(
		readonly rate: number,
		readonly windowMs = 1000,
	) {}

	/** Count one event at `now`; whether the stream is a flood. */
	hit(now: number): boolean {
		if (now - this.#start >= this.windowMs) {
			// a new window: still a flood if the last one was and it has just ended
			this.#busy = this.#count > this.rate && now - this.#start < 2 * this.windowMs;
			this.#start = now;
			this.#count = 0;
		}
		this.#count++;
		if (this.#count > this.rate) this.#busy = true;
		return this.#busy;
	}
}
