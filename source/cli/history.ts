import type {Dispatcher} from '../net/dispatcher.js';
import {TaskHistory} from '../store/task-history.js';
import {TaskQueueFile} from '../store/task-queue.js';
import {LogHistory, type StoredLine} from '../store/log-history.js';

/**
 * Keep the dispatcher's tasks and log lines in the store directory (console and headless
 * dispatch alike). `restore`: bring back earlier tasks (unfinished ones are re-attached) and
 * log lines. A failed write (full disk) never stops the caller; the task stays on screen.
 * Returns a function that writes pending lines now.
 */
export function recordHistory(dispatcher: Dispatcher, dir: string, {restore = true}: {restore?: boolean} = {}): () => void {
	const tasks = new TaskHistory(dir);
	const lines = new LogHistory(dir);
	// the console's queue (queue.json) is restored and kept; a headless run's queue is its own
	const queue = restore ? new TaskQueueFile(dir) : undefined;
	if (restore) {
		dispatcher.restoreLog(lines.load());
		let saved: ReturnType<TaskQueueFile['load']> = [];
		try {
			saved = queue!.load();
		} catch {
			// a broken queue.json is left as it is; nothing waits
		}
		dispatcher.restore(tasks.load(), saved);
		dispatcher.on('queue', entries => {
			try {
				queue!.save(entries);
			} catch {}
		});
	}
	dispatcher.on('persist', t => {
		try {
			tasks.append(t);
		} catch {}
	});
	// Lines are written in batches (at most 5 writes a second), so a flood of tool events costs
	// a few appends, not one each; whatever is pending is written when the process exits.
	let pending: StoredLine[] = [];
	let timer: NodeJS.Timeout | undefined;
	const flush = () => {
		clearTimeout(timer);
		timer = undefined;
		const batch = pending;
		pending = [];
		try {
			lines.append(batch);
		} catch {}
	};
	dispatcher.on('lines', (l: StoredLine[]) => {
		pending.push(...l);
		timer ??= setTimeout(flush, 200);
	});
	process.once('exit', flush);
	return flush;
}
