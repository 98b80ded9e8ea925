// Relay pagination is shared with plugins (their lists follow the same cursors and limits), so it
// lives in the plugin SDK.
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, decodeCursor, encodeCursor, findConnection, resolveWindow, toConnection, type Connection, type ConnectionArgs } from '@broadcart/plugin-sdk';
