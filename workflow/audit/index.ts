/** audit: the security audit trail (sign-in log) and the admin's 安全审计 list over it, the account events and the export log; 知道了 on the notice of a loss of the queue's data. */
export { appendSignInLog, maskName, purgeOldSignInLog, signInLogRetentionMs, userAgentLength, type SignInClient, type SignInLogEntry, type SignInLogKind, type SignInLogReason } from './sign-in-log.js';
export { endConsoleSession, recordFailedSignIn, recordRateLimitedSignIn, startConsoleSession, type SignInRefusal } from './record-sign-in.js';
export { listSecurityLog, securityLogKindNames, securityLogKinds, unknownAccountFilter, type SecurityLog, type SecurityLogFilter, type SecurityLogKind, type SecurityLogRow } from './list-security-log.js';
export { changeOwnPassword, type ChangeOwnPasswordInput } from './change-own-password.js';
export { dismissQueueDataLoss, queueDataLossDismissal, queueDataLossDismissedEvent, queueDataLossRunners, type QueueDataLossDismissal, type QueueDataLossState } from './dismiss-queue-data-loss.js';
export { recordSourceFileAppended, sourceFileAppendedEvent, type SourceFileAppended } from './source-file-change.js';
