import {config} from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * The schemas read before the console's first frame (settings, secrets, batch lines, the gateway
 * section) use zod's functional build, zod/mini: the same parser and messages (zod's core), but a
 * schema is a plain object, not one carrying dozens of bound methods per instance and per `.min()`.
 * Loading zod's method-chaining build and making those schemas with it was ≈ 10 ms of every
 * start (a standalone test with V8's code cache: 30–43 ms with the classic build, 10 ms with
 * mini). The network side (net/) keeps the classic build; it loads after the first frame.
 *
 * zod/mini registers no locale: every file that makes such schemas imports this module, which
 * sets English messages (what the classic build sets on its first schema), so a store file's
 * problems read the same whichever build was loaded first. Import zod/mini itself as
 * `import * as z from 'zod/mini'` (a namespace passed on whole would bundle all of zod).
 */
config(en());
