#!/usr/bin/env node
import {main} from '../dist/mgw-tui.js';

process.exitCode = await main(process.argv.slice(2));
