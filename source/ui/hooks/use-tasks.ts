import {useEffect, useState} from 'react';
import type {DispatcherPort} from '../services.js';

/**
 * Re-render when tasks change, at most once per `intervalMs`: a flood of deltas from ten
 * nodes becomes a few frames a second, and Ink only redraws lines that changed.
 */
export function useTasksVersion(dispatcher: DispatcherPort | undefined, intervalMs = 80): number {
	const [version, setVersion] = useState(0);
	useEffect(() => {
		if (!dispatcher) return;
		let timer: NodeJS.Timeout | undefined;
		const onChange = () => {
			timer ??= setTimeout(() => {
				timer = undefined;
				setVersion(dispatcher.state.version);
			}, intervalMs);
		};
		dispatcher.on('change', onChange);
		return () => {
			dispatcher.off('change', onChange);
			clearTimeout(timer);
		};
	}, [dispatcher, intervalMs]);
	return version;
}
