export { DRAW_ALGORITHM, type DrawMode, type DrawProof, type DrawWinner, type Entrant } from './types.js';
export { commitmentOf, createServerSeed, drawWinners, runDraw, type DrawInput, type DrawRun, type RunDrawInput } from './draw.js';
export { canonicalEntrantList, canonicalFromSorted, EntrantListError, parseEntrantList, type CanonicalList } from './entrant-list.js';
export { verifyDraw, type VerifyResult } from './verify.js';
