import * as z from 'zod';
import {QueueEntrySchema, type QueueEntry} from '../core/queue.js';
import {JsonFile} from './json-file.js';

const QueueFileSchema = z.object({version: z.literal(1).default(1), tasks: z.array(QueueEntrySchema).default([])});

/**
 * The waiting tasks, in order (queue.json beside tasks.ndjson, mode 0600: task texts are
 * private), so the queue survives a console restart. Written whole on every change
 * (atomically, by conf); validated on load. Judgements are not stored: they are redone.
 */
export class TaskQueueFile {
	readonly file: JsonFile<typeof QueueFileSchema>;

	constructor(dir: string) {
		this.file = new JsonFile(dir, 'queue', QueueFileSchema, 0o600);
	}

	load(): QueueEntry[] {
		return this.file.load().tasks;
	}

	save(entries: readonly QueueEntry[]): void {
		this.file.save({version: 1, tasks: entries.map(({judgement: _j, ...e}) => e)});
	}
}
