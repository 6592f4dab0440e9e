export { identify, requireRoles } from './middleware';
export { principalOf, ROLES, type Principal, type Role } from './principal';
export { createTokenVerifier, TokenRejectedError, type TokenSettings, type TokenVerifier } from './verify-token';
export { signToken, type TokenRequest } from './sign-token';
export { createAuthentication, type AuthSettings, type Authentication } from './verifier';
export type { HostSessionSettings } from './host-session';
export { DIGIT_USER_MAPPING, type HostUserMapping } from './host-user';
