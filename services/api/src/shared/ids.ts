// Row ids are uuidv7 in the core and in plugins alike; the generator lives in the plugin SDK.
export { uuidv7 } from '@broadcart/plugin-sdk';
