/**
 * The unit/UI suite (not the real-gateway tests) once more under Node 24 — the Node that
 * OpenClaw 2026.9.6 requires, installed (cached) by the real-gateway harness. Part of npm test:
 *   node --import tsx scripts/test-node24.ts [test files…]
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {ensureNode24, ROOT} from '../test/real/install.js';

const node24 = ensureNode24();
const files = process.argv.length > 2 ? process.argv.slice(2) : fs.readdirSync(path.join(ROOT, 'test')).filter(f => /\.test\.tsx?$/.test(f)).map(f => path.join('test', f));
const version = spawnSync(node24, ['--version'], {encoding: 'utf8'}).stdout.trim();
console.log(`unit/UI suite under Node ${version} (${files.length} files)`);
const r = spawnSync(node24, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=600000', ...files], {cwd: ROOT, stdio: 'inherit'});
process.exit(r.status ?? 1);
