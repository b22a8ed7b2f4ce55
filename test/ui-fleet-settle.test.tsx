import {test} from 'node:test';
import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import React from 'react';
import {Text} from 'ink';
import {useFleet} from '../source/ui/hooks/use-fleet.js';
import type {FleetPort} from '../source/ui/services.js';
import type {NodeStatus} from '../source/core/node-state.js';
import {renderAt, settled} from './helpers/render-at.js';
import {waitFor} from './helpers/wait.js';

/** A fleet of three nodes, all connecting; `set` changes one and says so, as the real fleet does. */
function fakeFleet() {
	const statuses: Record<string, NodeStatus> = {a: {state: 'connecting'}, b: {state: 'connecting'}, c: {state: 'connecting'}};
	const em = new EventEmitter();
	const fleet = Object.assign(em, {statuses: () => ({...statuses}), sync() {}, reconnect() {}}) as unknown as FleetPort;
	const set = (name: string, st: NodeStatus) => {
		statuses[name] = st;
		em.emit('status', name, st);
	};
	return {fleet, set};
}

function Header({fleet, intervalMs}: {fleet: FleetPort; intervalMs: number}) {
	const st = useFleet(fleet, [], intervalMs);
	const online = Object.values(st).filter(s => s.state === 'online').length;
	return <Text>{`${online} online`}</Text>;
}

test('fleet view: the last node out of connecting is drawn at once, not at the end of the coalescing interval (1 000 nodes: the header said all online up to 0.5 s late)', async () => {
	const {fleet, set} = fakeFleet();
	// an hour-long interval: without the immediate flush the test would wait for it and time out
	const ui = renderAt(<Header fleet={fleet} intervalMs={3_600_000} />);
	await ui.ready();
	assert.match(ui.frame()!, /0 online/);
	set('a', {state: 'online'}); // leading edge: at once
	await waitFor(() => /1 online/.test(ui.frame()!), {what: 'the first node online'});
	set('b', {state: 'online'}); // inside the interval: held for its trailing edge
	await settled(ui.stdout);
	assert.match(ui.frame()!, /1 online/, 'a busy fleet is still coalesced');
	set('c', {state: 'online'}); // the last one: everything is shown now
	await waitFor(() => /3 online/.test(ui.frame()!), {timeoutMs: 5000, what: 'all three online'});
	ui.unmount();
});
