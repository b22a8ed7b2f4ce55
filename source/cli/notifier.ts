import {nodeNotice, taskNotice, type Notice, type NotifySettings} from '../core/notify.js';
import {notificationSequence} from '../core/osc.js';
import type {Dispatcher} from '../net/dispatcher.js';
import type {Task} from '../core/tasks.js';
import type {NodeStatus} from '../core/node-state.js';

/**
 * Bell and desktop notifications (OSC 9 + OSC 777; wrapped for tmux when $TMUX is set) when
 * one of our tasks ends and when a node goes down or comes back. The switches are read at
 * each notice, so `:notify` takes effect at once. Not attached at all in --readonly.
 */
export function attachNotifier(dispatcher: Dispatcher, {write, settings, tmux}: {write: (s: string) => void; settings: () => NotifySettings; tmux: boolean}): () => void {
	const send = (n: Notice) => {
		const cur = settings();
		if (!cur[n.about] || (!cur.bell && !cur.desktop)) return;
		write(notificationSequence({title: n.title, body: n.body, bell: cur.bell, desktop: cur.desktop, tmux}));
	};
	const onEnded = (t: Task) => {
		if (!t.external) send(taskNotice(t));
	};
	const onNode = (name: string, kind: 'down' | 'back', st: NodeStatus) => send(nodeNotice(name, kind, st.detail));
	dispatcher.on('ended', onEnded);
	dispatcher.on('node', onNode);
	return () => {
		dispatcher.off('ended', onEnded);
		dispatcher.off('node', onNode);
	};
}
