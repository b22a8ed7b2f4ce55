import type {Dispatcher} from '../net/dispatcher.js';
import {TaskHistory} from '../store/task-history.js';
import {LogHistory} from '../store/log-history.js';

/**
 * Keep the dispatcher's tasks and log lines in the store directory (console and headless
 * dispatch alike). `restore`: bring back earlier tasks (unfinished ones are re-attached) and
 * log lines. A failed write (full disk) never stops the caller; the task stays on screen.
 */
export function recordHistory(dispatcher: Dispatcher, dir: string, {restore = true}: {restore?: boolean} = {}): void {
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
	dispatcher.on('lines', l => {
		try {
			lines.append(l);
		} catch {}
	});
}
