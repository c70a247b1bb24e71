/**
 * The one zod entry point of the extension's code (`import * as z from '../core/zod'`): zod/mini,
 * the functional API, with the English messages the classic API has.
 *
 * Why not `from 'zod'`: the classic API is ~96 KB of the extension bundle (no tree-shaking, every
 * method on every schema), and each schema built at load attaches all those methods to itself.
 * Loading it and building our schemas was a large part of activation (docs/decisions.md,
 * "Activation"). zod/mini has the same core (same parsing, same issues), only what is used is
 * bundled, and a schema costs little to build. zod/mini loads no locale by default (messages would
 * read "Invalid input"): the English one is set here, before any schema can parse.
 *
 * Schemas of whole documents are wrapped in `z.lazy(() => …)`: built on their first parse, not
 * when the extension loads (building them was most of zod's share of activation even with
 * zod/mini). Parsing, issues and inferred types are the same.
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());

// A re-export, not a namespace value: the bundler keeps only what is used.
export * from 'zod/mini';
/** A schema of any zod flavour (tests may pass classic ones). */
export type Schema = import('zod/mini').core.$ZodType;
/** What a schema's parse returns. */
export type Output<S extends Schema> = import('zod/mini').core.output<S>;
export type Issue = import('zod/mini').core.$ZodIssue;
