import type {Dispatcher} from '../net/dispatcher.js';
import {TaskHistory} from '../store/task-history.js';
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
	if (restore) {
		dispatcher.restoreLog(lines.load());
		dispatcher.restore(tasks.load());
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
