import {useEffect, useState} from 'react';
import type {DispatcherPort} from '../services.js';
import {coalesce} from './coalesce.js';
import {BurstMeter} from '../../core/burst.js';

/**
 * Re-render when tasks change, at most once per `intervalMs`: a flood of deltas from ten
 * nodes becomes a few frames a second, and Ink only redraws lines that changed.
 */
export function useTasksVersion(dispatcher: DispatcherPort | undefined, intervalMs = 8, busyMs = 250, busyRate = 40): number {
	const [version, setVersion] = useState(0);
	useEffect(() => {
		if (!dispatcher) return;
		const meter = new BurstMeter(busyRate);
		let busy = false;
		// Leading edge: a change after a quiet moment shows at once (a task's first delta is on
		// screen without delay). Changes within `intervalMs` are batched, and while more than
		// `busyRate` changes a second keep coming (a flood: 1 000 nodes coming online, ten busy
		// runs) the log redraws at most every `busyMs`, which keeps a slow link and the keyboard
		// responsive.
		const c = coalesce(() => setVersion(dispatcher.state.version), () => (busy ? busyMs : intervalMs));
		const onChange = () => {
			busy = meter.hit(Date.now());
			c.trigger();
		};
		dispatcher.on('change', onChange);
		return () => {
			dispatcher.off('change', onChange);
			c.cancel();
		};
	}, [dispatcher, intervalMs, busyMs, busyRate]);
	return version;
}
