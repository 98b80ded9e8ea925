/** A lowercase UUID, as the core's ids and the lottery's own (uuidv7 from the SDK) are written. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
