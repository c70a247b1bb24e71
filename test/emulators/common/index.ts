/** The shared emulator framework; provider emulators import from here. */
export { Accounts, DEFAULT_USERS, type AccountHandles, type AccountOptions } from './accounts';
export { EmulatorClock, type NowFn } from './clock';
export { ControlError, startEmulator, type ControlHandler, type Emulator, type EmulatorOptions, type EmulatorRequest, type ResetParts, type Reply, type ResponseStream, type Route } from './emulator';
export { FaultQueue, parseFaultRules, withoutField, type Fault, type FaultKind, type FaultPhase, type FaultRule, type FaultRuleView, type PathMatcher } from './faults';
export { isRecord, parseJson, readBody, sendJson, sendText, startHttpServer, type JsonParse, type RunningServer, type ServerOptions } from './http';
export { authFingerprint, redactSecrets, RequestLog, type LogFilter, type LoggedRequest } from './log';
export { charOf, deterministicUuid, pick, randomInt, seededRandom, type Random } from './random';
export { JobTimingSetting, type PhaseDurations, type TimingHandles, type TimingPresets } from './timing';
export { DEFAULT_TOKEN_TTL_MS, TokenStore, unauthorized, type AuthOutcome, type TokenRejections } from './tokens';
export { badRequest, notFound, QueryReader, unprocessable, type Checked, type ValidationIssue } from './validation';
