import type {Plugin} from 'esbuild';

/** See segmenter-plugin.mjs. */
export declare const lazySegmenter: Plugin;
