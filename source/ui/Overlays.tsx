import React, {type ReactNode} from 'react';
import type {AppState} from './state/app-state.js';
import type {NodeStatus} from '../core/node-state.js';
import type {NodeDetail} from '../net/fleet.js';
import type {Services} from './services.js';
import {HelpOverlay} from './overlays/HelpOverlay.js';
import {NodeForm} from './overlays/NodeForm.js';
import {Confirm} from './overlays/Confirm.js';
import {NodeDetailView} from './overlays/NodeDetailView.js';
import {TaskView} from './overlays/TaskView.js';
import {DispatchDialog, targetOptions} from './overlays/DispatchDialog.js';
import {ConfigEdit, Preview, Share} from './overlays/ConfigOverlays.js';
import type {ConfigView} from '../core/config-target.js';
import {shareAbout, shareLines} from '../core/config-share.js';

type Ctx = {state: AppState; services: Services; readonly: boolean; statuses: Record<string, NodeStatus>; detail?: NodeDetail; config?: ConfigView};

/** The overlay that takes the panes' place, if one is open. */
export function overlayFor({state, services, readonly, statuses, detail, config}: Ctx): ((w: number, h: number) => ReactNode) | undefined {
	const o = state.overlay;
	switch (o?.kind) {
		case 'help':
			return (w, h) => <HelpOverlay width={w} height={h} scroll={o.scroll} readonly={readonly} />;
		case 'form':
			return (w, h) => <NodeForm {...o} width={w} height={h} reveal={state.reveal} />;
		case 'confirm':
			return w => <Confirm prompt={o.prompt} width={w} />;
		case 'detail': {
			const n = state.nodes.find(x => x.name === o.node);
			return n ? (w, h) => <NodeDetailView node={n} status={statuses[n.name]} detail={detail} width={w} height={h} /> : undefined;
		}
		case 'task': {
			const t = services.dispatcher?.state.tasks.get(o.id);
			return t ? (w, h) => <TaskView task={t} width={w} height={h} scroll={o.scroll} readonly={readonly} /> : undefined;
		}
		case 'dispatch':
			return (w, h) => (
				<DispatchDialog
					{...o}
					targets={targetOptions(state.nodes.map(n => n.name))}
					candidates={services.dispatcher?.candidates() ?? []}
					width={w}
					height={h}
				/>
			);
		case 'configEdit':
			return w => <ConfigEdit field={o.field} text={o.text} choices={o.choices} width={w} reveal={state.config.reveal} />;
		case 'preview':
			return config ? (w, h) => <Preview title={o.title} plan={o.plan} secrets={o.secrets} scroll={o.scroll} reveal={state.config.reveal} width={w} height={h} remote={config.remote} /> : undefined;
		case 'share': {
			const about = shareAbout(state.config.target, state.nodes, n => statuses[n]?.state === 'online', o.info);
			const lines = shareLines(about, config?.effective ?? config?.parsed, o.reveal);
			return (w, h) => <Share lines={lines} reveal={o.reveal} width={w} height={h} />;
		}
		default:
			return undefined;
	}
}
