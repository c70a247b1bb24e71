/**
 * The codon account the 10,000-job import uses (test and bench): one of its own, because the
 * codon suite imports the default account's seeded jobs — the same deterministic ids — into the
 * store all suites share.
 */
export const IMPORT_USERS: Record<string, string> = { 'import-bench': 'import-bench-password' };
