// The package's `./web` entry, shipped as source: the web app's Svelte compiler builds it.
export { default as LotteryOverlay } from './LotteryOverlay.svelte';
export { default as LotteryControlRoom } from './LotteryControlRoom.svelte';
