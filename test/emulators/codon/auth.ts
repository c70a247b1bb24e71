/**
 * The codon service's users and how its 401s are worded. Tokens themselves (random, 60 minutes on
 * the emulator clock, as documented) are the shared ones in ../common/tokens.ts.
 */
import type { TokenRejections } from '../common';

export const DEFAULT_USERS: Readonly<Record<string, string>> = { demo: 'demo-password' };

export const TOKEN_REJECTIONS: TokenRejections = { invalid: 'Invalid token', expired: 'Token expired' };
