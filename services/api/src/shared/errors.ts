// The typed errors are part of the plugin contract, so they live in the SDK: a plugin's
// ValidationError is the core's ValidationError, reported the same way in every result union.
export { AppError, ConflictError, ForbiddenError, NotFoundError, PluginUnavailableError, UnauthenticatedError, ValidationError, type FieldIssue } from '@broadcart/plugin-sdk';
