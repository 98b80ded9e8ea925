// The package's one public entry: the plugin contract.
export { definePlugin, installPlugin, typePrefix, PluginDefinitionError, NAMESPACE_PATTERN, SDK_VERSION } from './define-plugin.js';
export { AppError, ConflictError, ForbiddenError, NotFoundError, PluginUnavailableError, UnauthenticatedError, ValidationError, type FieldIssue } from './errors.js';
export type { CoreEventMap, EventMap, EventName, Jsonified, MemberRole, PluginEventMap, SessionStatus } from './events.js';
export type * from './contract.js';
export { uuidv7 } from './ids.js';
export { arrayLiteral, arrayParameter, jsonParameter, stringConstant, timestampArrayLiteral, timestampArrayParameter } from './sql-literals.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, decodeCursor, encodeCursor, findConnection, resolveWindow, toConnection, type Connection, type ConnectionArgs } from './pagination.js';
