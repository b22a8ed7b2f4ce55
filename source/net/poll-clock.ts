/**
 * One clock for the polls of a whole fleet. Each online connection registers its poll; the
 * clock wakes the process once per batch of up to `batch` nodes and polls them together, so
 * every node is polled once per `intervalMs()` while an idle console wakes as rarely as it can.
 *
 * Why: on a quiet machine the cost of a poll is mostly the wake-up, not the work (measured on
 * the build machine: a ping after 200 ms asleep costs ~1.5–2 ms of CPU, one in a busy loop
 * ~0.15 ms). 50 nodes each on their own timer woke the process 5 times a second plus every
 * answer; one batch every 10 s answers in one burst.
 */
export class PollClock {
	#members: (() => unknown)[] = [];
	#next = 0;
	#timer?: NodeJS.Timeout;

	constructor(
		readonly intervalMs: () => number,
		readonly batch = 50,
	) {}

	/** Poll `poll` from now on (the first time at the next firing); returns how to stop. */
	add(poll: () => unknown): () => void {
		this.#members.push(poll);
		this.#arm();
		return () => {
			const i = this.#members.indexOf(poll);
			if (i < 0) return;
			this.#members.splice(i, 1);
			if (i < this.#next) this.#next--;
			if (this.#members.length === 0) this.stop();
		};
	}

	get size(): number {
		return this.#members.length;
	}

	stop(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	/** Time between firings: the whole round (every member once) spread over its batches. */
	#gap(): number {
		const batches = Math.max(1, Math.ceil(this.#members.length / this.batch));
		return this.intervalMs() / batches;
	}

	#arm(): void {
		if (this.#timer || this.#members.length === 0) return;
		this.#timer = setTimeout(() => this.#fire(), this.#gap());
		this.#timer.unref();
	}

	#fire(): void {
		this.#timer = undefined;
		// the round's nodes spread evenly over its batches (120 nodes, batches of ≤ 50: 3 × 40)
		const n = Math.ceil(this.#members.length / Math.ceil(this.#members.length / this.batch));
		if (this.#next >= this.#members.length) this.#next = 0;
		const due = [];
		for (let k = 0; k < n; k++) {
			due.push(this.#members[this.#next]!);
			this.#next = (this.#next + 1) % this.#members.length;
		}
		for (const poll of due) poll();
		this.#arm();
	}
}
