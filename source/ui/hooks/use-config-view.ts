import {useEffect, useState} from 'react';
import type {ConfigView} from '../../core/config-target.js';
import type {ConfigPort} from '../services.js';

/** Load the config of `target` (reloaded whenever `version` changes). */
export function useConfigView(port: ConfigPort | undefined, target: string, version: number): {view?: ConfigView; error?: string; loading: boolean} {
	const [state, setState] = useState<{view?: ConfigView; error?: string; loading: boolean}>({loading: Boolean(port)});
	useEffect(() => {
		if (!port) return;
		let live = true;
		setState(s => ({...s, loading: true}));
		port.load(target).then(
			view => live && setState({view, loading: false}),
			(e: Error) => live && setState({error: e.message, loading: false}),
		);
		return () => {
			live = false;
		};
	}, [port, target, version]);
	return state;
}
