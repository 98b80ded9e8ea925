// Quoted SQL constants for set-based statements are shared with plugins (their batch statements
// need the same one-parameter-per-column form), so they live in the plugin SDK.
export { arrayLiteral, arrayParameter, jsonParameter, stringConstant, timestampArrayLiteral, timestampArrayParameter } from '@broadcart/plugin-sdk';
