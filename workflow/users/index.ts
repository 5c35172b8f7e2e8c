/** users: roles, actors, accounts and password hashing (scrypt). */
export * from './actor.js';
export { hashPassword, checkPassword, generatePassword } from './password.js';
export * from './manage-users.js';
export * from './cases-visible-to.js';
export * from './login-failures.js';
export { setUserDisabled } from './set-user-disabled.js';
export { resetPassword, type PasswordReset } from './reset-password.js';
export { accountActor } from './account-actor.js';
export { accountName, accountNames, actorName } from './actor-name.js';
