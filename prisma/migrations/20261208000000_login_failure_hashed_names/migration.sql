-- LoginFailure was keyed by the name tried, in clear and for good: what is typed into the name
-- field is sometimes a password, and names no account has were counted and kept too. The rows are
-- now keyed by the SHA-256 of the name (workflow/users/login-failures.ts) and counts that no longer
-- lock anything are removed at each sign-in. The rows written before are removed here: they hold
-- names in clear, and they are only counters (an account locked at the upgrade is unlocked).
DELETE FROM "LoginFailure";
