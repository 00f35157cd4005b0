// The working parts of file transfer (reading, sending, receiving, storing, saving): a call needs them only once
// it is set up, so they load with the call engine (../load-engine.ts) instead of weighing on the first screen.
export { fileSha256 } from './file-sha256';
export { Receiver } from './receive';
export { canPickSaveLocation, saveAs } from './save';
export { linkUp, sendFile } from './send';
export { removeAll, sweepStale } from './storage';
export { Transfer } from './transfer.svelte';
export { channelPrefix, chunkSizeFor } from './wire';
