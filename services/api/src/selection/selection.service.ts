/** Ranks hosts for a session or campaign and suggests products for a campaign's audience. */
export class SelectionService {}
