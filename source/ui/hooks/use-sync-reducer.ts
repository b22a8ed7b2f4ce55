import {useReducer, useRef} from 'react';

/**
 * useReducer whose current state is readable synchronously; renders once per microtask. Keys can arrive faster than
 * React renders (pastes, a slow SSH link delivering a burst); handlers read `get()` so each
 * key sees the state the previous key produced, never a stale render's.
 */
export function useSyncReducer<S, A>(reducer: (s: S, a: A) => S, init: () => S): [S, (a: A) => void, () => S] {
	const ref = useRef<S | undefined>(undefined);
	if (ref.current === undefined) ref.current = init();
	const [, bump] = useReducer((n: number) => n + 1, 0);
	const queued = useRef(false);
	const dispatchRef = useRef((a: A) => {
		const next = reducer(ref.current as S, a);
		if (next !== ref.current) {
			ref.current = next;
			// One render for all the changes of one task (a burst of keys is one frame, not ten).
			if (!queued.current) {
				queued.current = true;
				queueMicrotask(() => {
					queued.current = false;
					bump();
				});
			}
		}
	});
	const getRef = useRef(() => ref.current as S);
	return [ref.current, dispatchRef.current, getRef.current];
}
