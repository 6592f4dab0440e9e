export { identify, requireRoles } from './middleware';
export { principalOf, ROLES, type Principal, type Role } from './principal';
export { createTokenVerifier, TokenRejectedError, type TokenSettings, type TokenVerifier } from './verify-token';
export { signToken, type TokenRequest } from './sign-token';
