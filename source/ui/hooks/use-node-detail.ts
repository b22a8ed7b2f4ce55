import {useEffect, useState} from 'react';
import type {NodeDetail} from '../../net/fleet.js';
import type {FleetPort} from '../services.js';

/** Fetch a node's detail while its overlay is open (refreshed every 10 s). */
export function useNodeDetail(fleet: FleetPort | undefined, name: string | undefined): NodeDetail | undefined {
	const [detail, setDetail] = useState<NodeDetail>();
	useEffect(() => {
		setDetail(undefined);
		if (!fleet || !name) return;
		let live = true;
		const load = () =>
			fleet.detail(name).then(
				d => live && setDetail(d),
				(e: Error) => live && setDetail({errors: [e.message]}),
			);
		void load();
		const t = setInterval(load, 10_000);
		return () => {
			live = false;
			clearInterval(t);
		};
	}, [fleet, name]);
	return detail;
}
