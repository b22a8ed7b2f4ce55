import {useEffect, useRef} from 'react';
import {useStdin} from 'ink';
import {createKeyReader, type InputEvent} from '../../core/keys.js';

/**
 * Every key of every read, in order (core/keys.ts splits them). Ink 6.8 gives useInput one
 * string per read, so a burst ("abc\t", "2j", ":help\r") was one unrecognised key; we listen
 * to Ink's own input stream instead (the events its input parser emits for one read arrive
 * synchronously and are joined back into that read) and tokenise it ourselves.
 */
export function useKeys(onEvents: (events: InputEvent[]) => void) {
	// internal_eventEmitter is the stream useInput itself listens to (Ink 6.8 and 7).
	const {setRawMode, internal_eventEmitter: input} = useStdin();
	const handler = useRef(onEvents);
	handler.current = onEvents;
	useEffect(() => {
		setRawMode(true);
		return () => setRawMode(false);
	}, [setRawMode]);
	useEffect(() => {
		const reader = createKeyReader();
		let read = '';
		let queued = false;
		const run = () => {
			queued = false;
			const events = reader.push(read);
			read = '';
			// Ink already held a lone Esc until the next tick: what is still cut off now was typed as is.
			if (reader.hasPending()) events.push(...reader.flush());
			if (events.length) handler.current(events);
		};
		const onInput = (data: string) => {
			read += data;
			if (!queued) {
				queued = true;
				queueMicrotask(run);
			}
		};
		input.on('input', onInput);
		return () => {
			input.off('input', onInput);
		};
	}, [input]);
}
