import type {NodeDraft} from '../core/nodes.js';
import type {ImportReport} from '../store/registry.js';
import type {LocalGateway} from '../store/openclaw-paths.js';

/**
 * What the UI may ask of the outside world. cli/tui.ts builds it from store/ and net/;
 * tests build it on a temporary store. UI files import only these types.
 */
export interface Services {
	loadNodes(): NodeDraft[];
	addNode(draft: NodeDraft): void;
	updateNode(original: string, draft: NodeDraft): void;
	removeNode(name: string): void;
	importFile(file: string): ImportReport;
	/** This computer's gateway, when it should be offered as node "local" (first start). */
	localOffer?: LocalGateway;
	/** Remember that the offer was answered. */
	localAnswered(): void;
}
